import { z } from 'zod';
import { IsoDate, OkSchema, pageOf, ShortText } from './common.ts';
import { defineRoute } from './route.ts';

/** Mirrors apps/server platform/access/positions.ts POSITION_KINDS (the contract has no server imports). */
export const PositionKindSchema = z.enum([
  'admin',
  'secretary',
  'director',
  'committee_member',
  'area_chief',
  'group_chief',
  'neighbour_chief',
  'household_chief',
  'grid_chief',
  'grid_worker',
  'building_chief',
  'team_leader',
  'cadre',
  'party_linker',
]);
export type PositionKindValue = z.infer<typeof PositionKindSchema>;

/** Kinds that are linked to households (联户) and so have span rules and coverage. */
export const LinkerKindSchema = z.enum(['neighbour_chief', 'household_chief', 'group_chief', 'party_linker']);
export type LinkerKind = z.infer<typeof LinkerKindSchema>;

export const PositionIdentitySchema = z.enum([
  '党员',
  '五老',
  '业委会',
  '物业',
  '居民代表',
  '社区工作者',
  '志愿者',
]);
export const PositionOriginSchema = z.enum(['elected', 'self_nominated', 'appointed']);
export const PartyOrgKindSchema = z.enum(['committee', 'general_branch', 'branch', 'group']);
export const PartyMemberKindSchema = z.enum(['community', 'in_service', 'mobile']);

/** Query-string boolean: `true` / `false` (z.coerce.boolean would read "false" as true). */
const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
const Phone = z.string().trim().max(20);
const IdParams = z.object({ id: z.uuid() });

export const SpanSchema = z.object({
  householdCount: z.number().int(),
  minHouseholds: z.number().int().nullable(),
  maxHouseholds: z.number().int().nullable(),
  targetHouseholds: z.number().int().nullable(),
  status: z.enum(['within', 'below', 'above', 'unruled']),
  /** Chinese warning when outside min/max; a warning, never an error. */
  warning: z.string().nullable(),
});
export type Span = z.infer<typeof SpanSchema>;

export const PositionSchema = z.object({
  id: z.uuid(),
  nodeId: z.uuid(),
  nodeName: z.string(),
  kind: PositionKindSchema,
  kindLabel: z.string(),
  holderName: z.string(),
  holderResidentId: z.uuid().nullable(),
  holderUserId: z.uuid().nullable(),
  partyMemberId: z.uuid().nullable(),
  identity: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  origin: PositionOriginSchema,
  validFrom: z.string(),
  validTo: z.string().nullable(),
  note: z.string().nullable(),
  isActive: z.boolean(),
  /** Households linked permanently (temporary handover links not counted). */
  householdCount: z.number().int(),
});
export type Position = z.infer<typeof PositionSchema>;

export const HandoverSchema = z.object({
  /** The absent chief whose households are covered. */
  fromPositionId: z.uuid(),
  fromHolderName: z.string(),
  toPositionId: z.uuid(),
  toHolderName: z.string(),
  householdCount: z.number().int(),
  from: z.string(),
  until: z.string().nullable(),
});
export type Handover = z.infer<typeof HandoverSchema>;

/** 职责代理 (AS-09): a 片长/组长 acting for an absent chief's role; notices addressed to the chief reach him too. */
export const DeputySchema = z.object({
  /** The absent chief. */
  positionId: z.uuid(),
  holderName: z.string(),
  deputyPositionId: z.uuid(),
  deputyHolderName: z.string(),
  from: z.string(),
  until: z.string().nullable(),
});
export type Deputy = z.infer<typeof DeputySchema>;

export const PositionDetailSchema = PositionSchema.extend({
  span: SpanSchema,
  /** Other chiefs standing in for this one (AS-09). */
  handoversOut: z.array(HandoverSchema),
  /** Own households with no one standing in while a handover is active. */
  uncoveredDuringHandover: z.number().int(),
  /** Absent chiefs this one stands in for. */
  handoversIn: z.array(HandoverSchema),
  /** Who acts for this chief's role during a handover (today or later), if anyone. */
  deputy: DeputySchema.nullable(),
  /** Absent chiefs whose role this one acts for. */
  deputyFor: z.array(DeputySchema),
});
export type PositionDetail = z.infer<typeof PositionDetailSchema>;

export const listPositions = defineRoute({
  operationId: 'listPositions',
  method: 'GET',
  path: '/api/v1/positions',
  summary: '某节点或其下级的职务（默认只列在任的）',
  tags: ['organisation'],
  query: z.object({
    nodeId: z.uuid(),
    scope: z.enum(['node', 'subtree']).default('subtree'),
    kind: PositionKindSchema.optional(),
    includeEnded: QueryBool.default(false),
    q: z.string().trim().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  }),
  response: pageOf(PositionSchema),
});

export const getPosition = defineRoute({
  operationId: 'getPosition',
  method: 'GET',
  path: '/api/v1/positions/:id',
  summary: '职务详情（联户数、联户规模、临时移交）',
  tags: ['organisation'],
  params: IdParams,
  response: PositionDetailSchema,
});

export const CreatePositionBodySchema = z.object({
  nodeId: z.uuid(),
  kind: PositionKindSchema,
  holderName: z.string().trim().min(1).max(50),
  holderResidentId: z.uuid().nullish(),
  holderUserId: z.uuid().nullish(),
  partyMemberId: z.uuid().nullish(),
  identity: PositionIdentitySchema.nullish(),
  phone: Phone.nullish(),
  origin: PositionOriginSchema.default('appointed'),
  validFrom: IsoDate.optional(),
  note: z.string().trim().max(200).nullish(),
});

export const createPosition = defineRoute({
  operationId: 'createPosition',
  method: 'POST',
  path: '/api/v1/positions',
  summary: '设立职务（片长、组长、邻长……），可同时授予登录账号权限',
  tags: ['organisation'],
  body: CreatePositionBodySchema,
  response: PositionDetailSchema,
});

export const UpdatePositionBodySchema = CreatePositionBodySchema.omit({
  nodeId: true,
  kind: true,
  origin: true,
})
  .extend({
    holderName: z.string().trim().min(1).max(50).optional(),
    origin: PositionOriginSchema.optional(),
  })
  .partial();

export const updatePosition = defineRoute({
  operationId: 'updatePosition',
  method: 'PATCH',
  path: '/api/v1/positions/:id',
  summary: '修改职务信息',
  tags: ['organisation'],
  params: IdParams,
  body: UpdatePositionBodySchema,
  response: PositionDetailSchema,
});

export const endPosition = defineRoute({
  operationId: 'endPosition',
  method: 'POST',
  path: '/api/v1/positions/:id/end',
  summary: '卸任：职务及其联户关系同日结束',
  tags: ['organisation'],
  params: IdParams,
  body: z.object({ validTo: IsoDate.optional(), reason: z.string().trim().max(200).optional() }),
  response: PositionDetailSchema,
});

export const AssignHouseholdsBodySchema = z.object({
  householdIds: z.array(z.uuid()).min(1, '请选择住户').max(500, '一次最多 500 户'),
  validFrom: IsoDate.optional(),
  /** Keep the household's link to another chief of the same kind instead of moving it. */
  keepExisting: z.boolean().default(false),
});

export const AssignResultSchema = z.object({
  positionId: z.uuid(),
  linked: z.number().int(),
  unchanged: z.number().int(),
  moved: z.array(z.object({ householdId: z.uuid(), fromPositionId: z.uuid(), fromHolderName: z.string() })),
  span: SpanSchema,
});

export const assignHouseholds = defineRoute({
  operationId: 'assignHouseholds',
  method: 'POST',
  path: '/api/v1/positions/:id/households',
  summary: '联户：把住户分配给该职务（已由同类职务联系的住户会被移交过来）',
  tags: ['organisation'],
  params: IdParams,
  body: AssignHouseholdsBodySchema,
  response: AssignResultSchema,
});

export const unassignHousehold = defineRoute({
  operationId: 'unassignHousehold',
  method: 'DELETE',
  path: '/api/v1/positions/:id/households/:householdId',
  summary: '解除联户',
  tags: ['organisation'],
  params: z.object({ id: z.uuid(), householdId: z.uuid() }),
  response: z.object({ positionId: z.uuid(), span: SpanSchema }),
});

export const LinkedHouseholdSchema = z.object({
  householdId: z.uuid(),
  householdNo: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  headPhoneMasked: z.string().nullable(),
  memberCount: z.number().int(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** Set for a temporary handover link: the absent chief this link stands in for. */
  coversPositionId: z.uuid().nullable(),
  coversHolderName: z.string().nullable(),
});

export const listPositionHouseholds = defineRoute({
  operationId: 'listPositionHouseholds',
  method: 'GET',
  path: '/api/v1/positions/:id/households',
  summary: '该职务联系的住户（含临时移交来的）',
  tags: ['organisation'],
  params: IdParams,
  query: z.object({
    limit: z.coerce.number().int().min(1).max(200).default(200),
    cursor: z.string().max(200).optional(),
  }),
  response: pageOf(LinkedHouseholdSchema),
});

export const CandidateHouseholdSchema = z.object({
  householdId: z.uuid(),
  householdNo: z.string(),
  address: z.string(),
  nodeName: z.string(),
  headName: z.string().nullable(),
  memberCount: z.number().int(),
});

export const listLinkCandidates = defineRoute({
  operationId: 'listLinkCandidates',
  method: 'GET',
  path: '/api/v1/positions/:id/candidates',
  summary: '可分配给该职务的住户（本范围内尚未由同类职务联系）',
  tags: ['organisation'],
  params: IdParams,
  query: z.object({
    q: z.string().trim().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  }),
  response: pageOf(CandidateHouseholdSchema),
});

export const HandoverBodySchema = z.object({
  to: z
    .array(z.object({ positionId: z.uuid(), householdIds: z.array(z.uuid()).min(1).max(500) }))
    .min(1, '请指定代管人')
    .max(20),
  from: IsoDate,
  until: IsoDate.optional(),
  reason: z.string().trim().max(200).optional(),
  /** A 片长/组长 above the chief who acts for his role meanwhile (职责代理). */
  deputyPositionId: z.uuid().optional(),
});

export const handoverHouseholds = defineRoute({
  operationId: 'handoverHouseholds',
  method: 'POST',
  path: '/api/v1/positions/:id/handover',
  summary: '临时移交：本人不在时由其他同类职务代管其住户（不结束本人联户）',
  tags: ['organisation'],
  params: IdParams,
  body: HandoverBodySchema,
  response: PositionDetailSchema,
});

export const endHandover = defineRoute({
  operationId: 'endHandover',
  method: 'POST',
  path: '/api/v1/positions/:id/handover/end',
  summary: '提前结束临时移交',
  tags: ['organisation'],
  params: IdParams,
  body: z.object({ toPositionId: z.uuid().optional() }),
  response: PositionDetailSchema,
});

export const CoverageHouseholdSchema = z.object({
  householdId: z.uuid(),
  householdNo: z.string(),
  address: z.string(),
});

export const KindCoverageSchema = z.object({
  kind: LinkerKindSchema,
  kindLabel: z.string(),
  activeHouseholds: z.number().int(),
  linkedHouseholds: z.number().int(),
  /** 0–100, one decimal. */
  percentage: z.number(),
  chiefCount: z.number().int(),
});

export const CoverageReportSchema = z.object({
  nodeId: z.uuid(),
  kind: LinkerKindSchema,
  activeHouseholds: z.number().int(),
  linkedHouseholds: z.number().int(),
  percentage: z.number(),
  /** First 200 by household number. */
  unlinked: z.array(CoverageHouseholdSchema),
  unlinkedCount: z.number().int(),
  chiefsOutsideSpan: z.array(
    z.object({
      positionId: z.uuid(),
      holderName: z.string(),
      householdCount: z.number().int(),
      minHouseholds: z.number().int().nullable(),
      maxHouseholds: z.number().int().nullable(),
      status: z.enum(['below', 'above']),
    }),
  ),
  /** Households linked permanently to two or more chiefs of this kind. */
  linkedTwice: z.array(
    CoverageHouseholdSchema.extend({
      positions: z.array(z.object({ positionId: z.uuid(), holderName: z.string() })),
    }),
  ),
  byKind: z.array(KindCoverageSchema),
});
export type CoverageReport = z.infer<typeof CoverageReportSchema>;

export const getCoverage = defineRoute({
  operationId: 'getCoverage',
  method: 'GET',
  path: '/api/v1/organisation/coverage',
  summary: '联户覆盖：未联系住户、超出规模的联户长、重复联系',
  tags: ['organisation'],
  query: z.object({ nodeId: z.uuid(), kind: LinkerKindSchema.default('neighbour_chief') }),
  response: CoverageReportSchema,
});

export const PartyCoverageSchema = z.object({
  nodeId: z.uuid(),
  activeHouseholds: z.number().int(),
  linkedHouseholds: z.number().int(),
  percentage: z.number(),
  /** Distinct party members linking households in this subtree. */
  linkingMembers: z.number().int(),
  unlinked: z.array(CoverageHouseholdSchema),
  unlinkedCount: z.number().int(),
});

export const getPartyCoverage = defineRoute({
  operationId: 'getPartyCoverage',
  method: 'GET',
  path: '/api/v1/organisation/party-coverage',
  summary: '党员联户（三联）覆盖：未联系任何党员的住户',
  tags: ['organisation'],
  query: z.object({ nodeId: z.uuid() }),
  response: PartyCoverageSchema,
});

export const PartyOrgSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: PartyOrgKindSchema,
  kindLabel: z.string(),
  name: z.string(),
  nodeId: z.uuid().nullable(),
  nodeName: z.string().nullable(),
  /** 0 for the top organisation in the list; the list is in tree order (parent before children). */
  depth: z.number().int(),
  memberCount: z.number().int(),
  subtreeMemberCount: z.number().int(),
});

export const listPartyOrgs = defineRoute({
  operationId: 'listPartyOrgs',
  method: 'GET',
  path: '/api/v1/party-orgs',
  summary: '党组织树（党委—党总支—党支部—党小组），含党员人数',
  tags: ['organisation'],
  query: z.object({ nodeId: z.uuid() }),
  response: z.object({ items: z.array(PartyOrgSchema) }),
});

export const createPartyOrg = defineRoute({
  operationId: 'createPartyOrg',
  method: 'POST',
  path: '/api/v1/party-orgs',
  summary: '新建党组织',
  tags: ['organisation'],
  body: z.object({
    parentId: z.uuid().nullish(),
    kind: PartyOrgKindSchema,
    name: ShortText,
    nodeId: z.uuid(),
  }),
  response: PartyOrgSchema,
});

export const renamePartyOrg = defineRoute({
  operationId: 'renamePartyOrg',
  method: 'PATCH',
  path: '/api/v1/party-orgs/:id',
  summary: '党组织改名',
  tags: ['organisation'],
  params: IdParams,
  body: z.object({ name: ShortText }),
  response: PartyOrgSchema,
});

export const PartyMemberSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  name: z.string(),
  kind: PartyMemberKindSchema,
  employer: z.string().nullable(),
  postRank: z.number().int().nullable(),
  joinedOn: z.string().nullable(),
  status: z.enum(['active', 'transferred']),
  residentId: z.uuid().nullable(),
  householdNo: z.string().nullable(),
});

export const listPartyMembers = defineRoute({
  operationId: 'listPartyMembers',
  method: 'GET',
  path: '/api/v1/party-members',
  summary: '党员名册（含下级党组织）',
  tags: ['organisation'],
  query: z.object({
    orgId: z.uuid(),
    kind: PartyMemberKindSchema.optional(),
    includeTransferred: QueryBool.default(false),
    q: z.string().trim().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  }),
  response: pageOf(PartyMemberSchema),
});

export const getPartyMember = defineRoute({
  operationId: 'getPartyMember',
  method: 'GET',
  path: '/api/v1/party-members/:id',
  summary: '党员信息',
  tags: ['organisation'],
  params: IdParams,
  response: PartyMemberSchema,
});

const PartyMemberFields = {
  orgId: z.uuid(),
  name: z.string().trim().min(1).max(50),
  kind: PartyMemberKindSchema,
  employer: z.string().trim().max(100).nullish(),
  /** Higher is a higher post; used for the 楼栋长 suggestion (AS-17). */
  postRank: z.number().int().min(0).max(100).nullish(),
  joinedOn: IsoDate.nullish(),
  residentId: z.uuid().nullish(),
};

export const createPartyMember = defineRoute({
  operationId: 'createPartyMember',
  method: 'POST',
  path: '/api/v1/party-members',
  summary: '登记党员（社区党员、在职党员、流动党员）',
  tags: ['organisation'],
  body: z.object(PartyMemberFields),
  response: PartyMemberSchema,
});

export const updatePartyMember = defineRoute({
  operationId: 'updatePartyMember',
  method: 'PATCH',
  path: '/api/v1/party-members/:id',
  summary: '修改党员信息（转出请把状态改为 transferred）',
  tags: ['organisation'],
  params: IdParams,
  body: z.object({ ...PartyMemberFields, status: z.enum(['active', 'transferred']) }).partial(),
  response: PartyMemberSchema,
});

export const deletePartyMember = defineRoute({
  operationId: 'deletePartyMember',
  method: 'DELETE',
  path: '/api/v1/party-members/:id',
  summary: '删除误录的党员（已用于联户职务的请改为转出）',
  tags: ['organisation'],
  params: IdParams,
  response: OkSchema,
});

export const BuildingChiefCandidateSchema = z.object({
  partyMemberId: z.uuid(),
  name: z.string(),
  employer: z.string().nullable(),
  postRank: z.number().int().nullable(),
  residentId: z.uuid(),
  householdNo: z.string(),
});

export const suggestBuildingChief = defineRoute({
  operationId: 'suggestBuildingChief',
  method: 'GET',
  path: '/api/v1/territory-nodes/:id/building-chief-suggestion',
  summary: '楼栋长建议人选：住在本楼职务最高的在职党员',
  tags: ['organisation'],
  params: IdParams,
  response: z.object({
    suggestion: BuildingChiefCandidateSchema.nullable(),
    /** Further in-service members living there, highest post first (at most 10). */
    others: z.array(BuildingChiefCandidateSchema),
    current: z.array(z.object({ positionId: z.uuid(), holderName: z.string() })),
  }),
});
