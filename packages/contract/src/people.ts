import { z } from 'zod';
import { IsoDate, pageOf, Uuid } from './common.ts';
import { defineRoute } from './route.ts';

export const Gender = z.enum(['male', 'female', 'unknown']);
export const ResidenceType = z.enum(['registered', 'permanent', 'migrant', 'separated']);
export const ResidentStatus = z.enum(['active', 'moved_out', 'deceased']);
export const HouseholdStatus = z.enum(['active', 'moved_out']);
export const LawfulBasis = z.enum(['consent', 'separate_consent', 'statutory_duty', 'vital_interest']);
export const ConsentKind = z.enum(['general', 'separate', 'written', 'guardian']);
export const ConsentChannel = z.enum(['app', 'paper', 'verbal_via_proxy']);
export const ResidentEventKind = z.enum([
  'registered',
  'move_in',
  'move_out',
  'death',
  'transfer',
  'corrected',
]);

const PageLimit = z.coerce.number().int().min(1).max(200).default(50);
const Cursor = z.string().max(200).optional();
/** Empty means no text filter, so that a cleared search box can be sent as is. */
const SearchText = z.string().trim().max(50).optional();
const Note = z.string().trim().max(500);
const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

// ---------- tags and consent ----------

export const TagSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  isSensitive: z.boolean(),
  category: z.string(),
});
export type Tag = z.infer<typeof TagSchema>;

export const ResidentTagSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  isSensitive: z.boolean(),
  lawfulBasis: LawfulBasis.nullable(),
  consentId: Uuid.nullable(),
  note: z.string().nullable(),
  assignedAt: z.string(),
});
export type ResidentTag = z.infer<typeof ResidentTagSchema>;

export const ConsentSchema = z.object({
  id: Uuid,
  residentId: Uuid,
  purpose: z.string(),
  kind: ConsentKind,
  channel: ConsentChannel,
  noticeVersion: z.string(),
  givenAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const ConsentInputSchema = z.object({
  purpose: z.string().trim().min(1).max(100),
  kind: ConsentKind,
  channel: ConsentChannel,
  noticeVersion: z.string().trim().min(1).max(20).optional(),
});
export type ConsentInput = z.infer<typeof ConsentInputSchema>;

// ---------- residents ----------

/** The 居民花名册 fields a form or an import row carries (domain §9). */
export const ResidentFieldsSchema = z.object({
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().max(18).nullable().optional(),
  gender: Gender.nullable().optional(),
  birthDate: IsoDate.nullable().optional(),
  phone: z.string().trim().max(20).nullable().optional(),
  relationToHead: z.string().trim().max(20).nullable().optional(),
  ethnicity: z.string().trim().max(20).nullable().optional(),
  politicalStatus: z.string().trim().max(20).nullable().optional(),
  education: z.string().trim().max(20).nullable().optional(),
  residenceType: ResidenceType.nullable().optional(),
  note: Note.nullable().optional(),
  dataSource: z.string().trim().max(50).nullable().optional(),
});

export const AddResidentBodySchema = ResidentFieldsSchema.extend({
  /** `registered`: recorded where he already lives; `move_in`: arrives now. */
  arrival: z.enum(['registered', 'move_in']).default('registered'),
  occurredOn: IsoDate.optional(),
});

export const UpdateResidentBodySchema = ResidentFieldsSchema.partial().extend({
  /** Why the record is corrected, kept on the 'corrected' event. */
  reason: z.string().trim().max(200).optional(),
});

export const ResidentSchema = z.object({
  id: Uuid,
  householdId: Uuid,
  householdNo: z.string(),
  name: z.string(),
  gender: Gender,
  birthDate: z.string().nullable(),
  idNoMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  relationToHead: z.string(),
  ethnicity: z.string().nullable(),
  politicalStatus: z.string().nullable(),
  education: z.string().nullable(),
  residenceType: ResidenceType,
  status: ResidentStatus,
  note: z.string().nullable(),
  dataSource: z.string().nullable(),
  tags: z.array(ResidentTagSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Resident = z.infer<typeof ResidentSchema>;

export const ResidentEventSchema = z.object({
  id: z.number().int(),
  kind: ResidentEventKind,
  occurredOn: z.string(),
  householdId: Uuid.nullable(),
  householdNo: z.string().nullable(),
  note: z.string().nullable(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
export type ResidentEvent = z.infer<typeof ResidentEventSchema>;

// ---------- households ----------

export const HouseholdMemberSchema = z.object({
  id: Uuid,
  name: z.string(),
  relationToHead: z.string(),
  phoneMasked: z.string().nullable(),
  status: ResidentStatus,
});

export const HouseholdChiefSchema = z.object({
  positionId: Uuid,
  kind: z.string(),
  label: z.string(),
  holderName: z.string(),
  /** A temporary handover link (临时代管) standing in for another position. */
  isHandover: z.boolean(),
});

export const HouseholdSummarySchema = z.object({
  id: Uuid,
  householdNo: z.string(),
  address: z.string(),
  communityId: Uuid,
  communityName: z.string(),
  nodeId: Uuid,
  nodeName: z.string(),
  status: HouseholdStatus,
  headResidentId: Uuid.nullable(),
  headName: z.string().nullable(),
  /** Active members only. */
  members: z.array(HouseholdMemberSchema),
});
export type HouseholdSummary = z.infer<typeof HouseholdSummarySchema>;

export const HouseholdDetailSchema = HouseholdSummarySchema.extend({
  residents: z.array(ResidentSchema),
  chiefs: z.array(HouseholdChiefSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HouseholdDetail = z.infer<typeof HouseholdDetailSchema>;

export const HouseholdNo = z.string().trim().min(1).max(40);
export const Address = z.string().trim().max(200);

export const CreateHouseholdBodySchema = z.object({
  /** The node the household lives at: the community or any node below it (grid, building, dwelling…). */
  nodeId: Uuid,
  householdNo: HouseholdNo,
  address: Address.default(''),
});

export const UpdateHouseholdBodySchema = z.object({
  nodeId: Uuid.optional(),
  address: Address.optional(),
  headResidentId: Uuid.nullable().optional(),
});

const IdParams = z.object({ id: Uuid });

// ---------- routes ----------

export const listTags = defineRoute({
  operationId: 'listTags',
  method: 'GET',
  path: '/api/v1/tags',
  summary: '居民标签目录',
  tags: ['people'],
  response: z.object({ items: z.array(TagSchema) }),
});

export const createHousehold = defineRoute({
  operationId: 'createHousehold',
  method: 'POST',
  path: '/api/v1/households',
  summary: '新建户',
  tags: ['people'],
  body: CreateHouseholdBodySchema,
  response: HouseholdDetailSchema,
});

export const getHousehold = defineRoute({
  operationId: 'getHousehold',
  method: 'GET',
  path: '/api/v1/households/:id',
  summary: '户详情：成员、标签、联户人',
  tags: ['people'],
  params: IdParams,
  response: HouseholdDetailSchema,
});

export const updateHousehold = defineRoute({
  operationId: 'updateHousehold',
  method: 'PATCH',
  path: '/api/v1/households/:id',
  summary: '修改户的地址、所在节点或户主',
  tags: ['people'],
  params: IdParams,
  body: UpdateHouseholdBodySchema,
  response: HouseholdDetailSchema,
});

export const ListHouseholdsQuerySchema = z.object({
  nodeId: Uuid.optional(),
  q: SearchText,
  status: HouseholdStatus.optional(),
  /** Only households linked to the caller's own positions (我的联系户). */
  mine: BoolQuery.optional(),
  limit: PageLimit,
  cursor: Cursor,
});

export const listHouseholds = defineRoute({
  operationId: 'listHouseholds',
  method: 'GET',
  path: '/api/v1/households',
  summary: '户列表与搜索（户编号、地址、成员姓名）',
  tags: ['people'],
  query: ListHouseholdsQuerySchema,
  response: pageOf(HouseholdSummarySchema),
});

export const addResident = defineRoute({
  operationId: 'addResident',
  method: 'POST',
  path: '/api/v1/households/:id/residents',
  summary: '在户内登记居民（或迁入）',
  tags: ['people'],
  params: IdParams,
  body: AddResidentBodySchema,
  response: ResidentSchema,
});

export const ListResidentsQuerySchema = z.object({
  q: SearchText,
  householdId: Uuid.optional(),
  nodeId: Uuid.optional(),
  status: ResidentStatus.optional(),
  limit: PageLimit,
  cursor: Cursor,
});

export const listResidents = defineRoute({
  operationId: 'listResidents',
  method: 'GET',
  path: '/api/v1/residents',
  summary: '居民列表与搜索（姓名、公民身份号码、手机号），按拼音排序',
  tags: ['people'],
  query: ListResidentsQuerySchema,
  response: pageOf(ResidentSchema),
});

export const checkIdNumber = defineRoute({
  operationId: 'checkIdNumber',
  method: 'GET',
  path: '/api/v1/residents/check-id',
  summary: '登记前检查公民身份号码是否已存在',
  tags: ['people'],
  query: z.object({ idNumber: z.string().trim().min(1).max(18) }),
  response: z.object({
    exists: z.boolean(),
    /** Present only when the existing resident lies within the caller's scope. */
    existing: z
      .object({
        residentId: Uuid,
        name: z.string(),
        idNoMasked: z.string(),
        householdNo: z.string(),
        communityName: z.string(),
      })
      .nullable(),
  }),
});

export const getResident = defineRoute({
  operationId: 'getResident',
  method: 'GET',
  path: '/api/v1/residents/:id',
  summary: '居民详情',
  tags: ['people'],
  params: IdParams,
  response: ResidentSchema,
});

export const updateResident = defineRoute({
  operationId: 'updateResident',
  method: 'PATCH',
  path: '/api/v1/residents/:id',
  summary: '更正居民信息',
  tags: ['people'],
  params: IdParams,
  body: UpdateResidentBodySchema,
  response: ResidentSchema,
});

export const revealResidentField = defineRoute({
  operationId: 'revealResidentField',
  method: 'POST',
  path: '/api/v1/residents/:id/reveal',
  summary: '查看完整的公民身份号码或电话（须填写事由，留痕）',
  tags: ['people'],
  params: IdParams,
  body: z.object({ field: z.enum(['idNumber', 'phone']), reason: z.string().trim().min(5).max(200) }),
  response: z.object({ field: z.enum(['idNumber', 'phone']), value: z.string().nullable() }),
});

const EventBody = z.object({ occurredOn: IsoDate.optional(), note: Note.optional() });

export const moveOutResident = defineRoute({
  operationId: 'moveOutResident',
  method: 'POST',
  path: '/api/v1/residents/:id/move-out',
  summary: '迁出',
  tags: ['people'],
  params: IdParams,
  body: EventBody,
  response: ResidentSchema,
});

export const recordDeath = defineRoute({
  operationId: 'recordDeath',
  method: 'POST',
  path: '/api/v1/residents/:id/death',
  summary: '登记死亡',
  tags: ['people'],
  params: IdParams,
  body: EventBody,
  response: ResidentSchema,
});

export const moveInResident = defineRoute({
  operationId: 'moveInResident',
  method: 'POST',
  path: '/api/v1/residents/:id/move-in',
  summary: '迁入（已迁出的居民迁回，或在册居民转到另一户）',
  tags: ['people'],
  params: IdParams,
  body: EventBody.extend({
    householdId: Uuid,
    /** 与户主关系 in the new household; unchanged when left out. */
    relationToHead: z.string().trim().min(1, '请填写与户主关系').max(20, '不能超过 20 个字').optional(),
  }),
  response: ResidentSchema,
});

export const listResidentEvents = defineRoute({
  operationId: 'listResidentEvents',
  method: 'GET',
  path: '/api/v1/residents/:id/events',
  summary: '居民变动记录',
  tags: ['people'],
  params: IdParams,
  response: z.object({ items: z.array(ResidentEventSchema) }),
});

export const AddTagBodySchema = z.object({
  tagCode: z.string().trim().min(1).max(40),
  lawfulBasis: LawfulBasis.optional(),
  consentId: Uuid.optional(),
  /** Records a new consent and relies on it. */
  consent: ConsentInputSchema.optional(),
  note: z.string().trim().max(200).optional(),
});

export const addResidentTag = defineRoute({
  operationId: 'addResidentTag',
  method: 'POST',
  path: '/api/v1/residents/:id/tags',
  summary: '添加居民标签（敏感标签须有合法性基础）',
  tags: ['people'],
  params: IdParams,
  body: AddTagBodySchema,
  response: ResidentSchema,
});

export const removeResidentTag = defineRoute({
  operationId: 'removeResidentTag',
  method: 'DELETE',
  path: '/api/v1/residents/:id/tags/:tagCode',
  summary: '移除居民标签',
  tags: ['people'],
  params: z.object({ id: Uuid, tagCode: z.string().min(1).max(40) }),
  response: ResidentSchema,
});

export const recordConsent = defineRoute({
  operationId: 'recordConsent',
  method: 'POST',
  path: '/api/v1/residents/:id/consents',
  summary: '登记居民同意',
  tags: ['people'],
  params: IdParams,
  body: ConsentInputSchema,
  response: ConsentSchema,
});

export const listConsents = defineRoute({
  operationId: 'listConsents',
  method: 'GET',
  path: '/api/v1/residents/:id/consents',
  summary: '居民的同意记录',
  tags: ['people'],
  params: IdParams,
  response: z.object({ items: z.array(ConsentSchema) }),
});

export const withdrawConsent = defineRoute({
  operationId: 'withdrawConsent',
  method: 'POST',
  path: '/api/v1/residents/:id/consents/:consentId/withdraw',
  summary: '撤回同意（依赖该同意的标签随之移除）',
  tags: ['people'],
  params: z.object({ id: Uuid, consentId: Uuid }),
  body: z.object({ note: z.string().trim().max(200).optional() }),
  response: z.object({ consent: ConsentSchema, removedTags: z.array(z.string()) }),
});
