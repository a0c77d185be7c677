import { z } from 'zod';
import { IsoDate, pageOf } from './common.ts';
import { defineRoute } from './route.ts';

/** Case states (research/domain.md §5.1). "Handled locally" is a flag on the case, not a state. */
export const CaseStateSchema = z.enum([
  /** Reported; waits for the first responder (邻长/户长/网格员) to sign. */
  'SUBMITTED',
  /** Signed by the first responder: he handles it himself or passes it up. */
  'ACCEPTED',
  /** Passed up: waits for the community (两委 duty officer) to triage. */
  'TRIAGE',
  'NOT_ACCEPTED',
  'DISPATCHED',
  'IN_PROGRESS',
  'EXTENSION_PENDING',
  'PARKED',
  'TO_DELIBERATION',
  'ESCALATED',
  'VERIFYING',
  'AWAITING_CONFIRMATION',
  'CLOSED',
  'REOPENED',
  'WITHDRAWN',
  'MERGED',
]);
export type CaseState = z.infer<typeof CaseStateSchema>;

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  SUBMITTED: '待签收',
  ACCEPTED: '已签收',
  TRIAGE: '待社区分拨',
  NOT_ACCEPTED: '不予受理',
  DISPATCHED: '已派单',
  IN_PROGRESS: '办理中',
  EXTENSION_PENDING: '延期待批',
  PARKED: '挂账',
  TO_DELIBERATION: '转协商议事',
  ESCALATED: '已上报街道',
  VERIFYING: '待核查',
  AWAITING_CONFIRMATION: '待居民确认',
  CLOSED: '已办结',
  REOPENED: '差评重办',
  WITHDRAWN: '已撤回',
  MERGED: '已合并',
};

/** States in which a case is finished (no SLA clock, no inbox). */
export const FINAL_CASE_STATES: readonly CaseState[] = ['NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED'];

/** Actions posted to `/api/v1/cases/:id/actions/:action`. Submit and rate have their own routes. */
export const CaseActionSchema = z.enum([
  'sign',
  'pass_up',
  'handle_locally',
  'reject',
  'dispatch',
  'escalate',
  'deliberate',
  'return',
  'start',
  'feedback',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'park',
  'unpark',
  'escalation_result',
  'verify_pass',
  'verify_fail',
  'withdraw',
  'merge',
]);
export type CaseAction = z.infer<typeof CaseActionSchema>;

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  sign: '签收',
  pass_up: '上报社区',
  handle_locally: '就地办结',
  reject: '不予受理',
  dispatch: '派单',
  escalate: '上报街道平台',
  deliberate: '转协商议事',
  return: '退单',
  start: '接单办理',
  feedback: '办理反馈',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  deny_extension: '驳回延期',
  park: '挂账',
  unpark: '解除挂账',
  escalation_result: '登记上级办理结果',
  verify_pass: '核查通过',
  verify_fail: '核查不通过（返工）',
  withdraw: '撤回',
  merge: '合并重复件',
};

export const CaseChannelSchema = z.enum([
  'resident_app',
  'proxy',
  'suggestion_box',
  'phone',
  'wechat',
  'patrol',
  'meeting',
  'hotline_12345',
]);
export type CaseChannel = z.infer<typeof CaseChannelSchema>;
export const CASE_CHANNEL_LABELS: Record<CaseChannel, string> = {
  resident_app: '居民自助',
  proxy: '代报',
  suggestion_box: '意见箱',
  phone: '电话',
  wechat: '微信群',
  patrol: '巡查发现',
  meeting: '会议收集',
  hotline_12345: '12345 转办',
};

export const CaseUrgencySchema = z.enum(['normal', 'urgent', 'critical']);
export type CaseUrgency = z.infer<typeof CaseUrgencySchema>;
export const CASE_URGENCY_LABELS: Record<CaseUrgency, string> = {
  normal: '一般',
  urgent: '紧急',
  critical: '非常紧急',
};

export const ClockUnitSchema = z.enum(['natural_hours', 'natural_days', 'working_hours', 'working_days']);

/** 5-level satisfaction: 5 非常满意 … 1 非常不满意. */
export const SATISFACTION_LABELS: Record<1 | 2 | 3 | 4 | 5, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

/** The SLA traffic light: 0 on time, 50/80 % of the node's limit used, or past due. */
export const SlaLevelSchema = z.enum(['ok', 'p50', 'p80', 'overdue']);
export type SlaLevel = z.infer<typeof SlaLevelSchema>;

export const CASE_LIMITS = {
  titleMax: 60,
  descriptionMax: 1000,
  noteMax: 500,
  attachmentsMax: 9,
  /** Images only; bigger photos should be shrunk by the phone before upload. */
  attachmentBytesMax: 8 * 1024 * 1024,
} as const;

const IdParams = z.object({ id: z.uuid() });
const Text = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`);
const Note = Text(CASE_LIMITS.noteMax, '说明');
const AttachmentIds = z
  .array(z.uuid())
  .max(CASE_LIMITS.attachmentsMax, `最多 ${CASE_LIMITS.attachmentsMax} 张照片`);

export const CaseCategorySchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  defaultUrgency: CaseUrgencySchema,
  signLimitHours: z.number(),
  handleLimit: z.number(),
  handleUnit: ClockUnitSchema,
});
export type CaseCategory = z.infer<typeof CaseCategorySchema>;

export const CaseAttachmentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  /** GET this to fetch the image (session cookie; only for those who may see the case). */
  url: z.string(),
});
export type CaseAttachment = z.infer<typeof CaseAttachmentSchema>;

export const CaseEventSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  fromState: CaseStateSchema.nullable(),
  toState: CaseStateSchema.nullable(),
  note: z.string().nullable(),
  attachments: z.array(CaseAttachmentSchema),
});
export type CaseEvent = z.infer<typeof CaseEventSchema>;

export const CaseRatingSchema = z.object({
  round: z.number().int(),
  resolved: z.boolean(),
  satisfaction: z.number().int().min(1).max(5),
  satisfactionLabel: z.string(),
  isProxyRating: z.boolean(),
  ratedAt: z.string(),
});
export type CaseRating = z.infer<typeof CaseRatingSchema>;

/** One row in lists (inbox, triage board, SLA board, my reports). */
export const CaseSummarySchema = z.object({
  id: z.uuid(),
  caseNo: z.string(),
  title: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  channel: CaseChannelSchema,
  urgency: CaseUrgencySchema,
  state: CaseStateSchema,
  stateLabel: z.string(),
  /** Short address (household address or node name). */
  address: z.string(),
  assigneeName: z.string().nullable(),
  dueAt: z.string().nullable(),
  overallDueAt: z.string().nullable(),
  sla: SlaLevelSchema,
  escalationLevel: z.number().int(),
  handledLocally: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

/** Roles the caller holds on this case; the web app shows the buttons of `allowedActions`. */
export const CaseRoleSchema = z.enum([
  'reporter',
  'proxy',
  'responder',
  'supervisor',
  'triage',
  'handler',
  'system',
]);
export type CaseRole = z.infer<typeof CaseRoleSchema>;

export const CaseDetailSchema = CaseSummarySchema.extend({
  /** `full` for reporters and cadres; `job` for an external handler: address, contact and description only. */
  view: z.enum(['full', 'job']),
  description: z.string(),
  householdId: z.uuid().nullable(),
  /** The other party (e.g. the upstairs household in a leak dispute); told the outcome when the case closes. */
  relatedHousehold: z.object({ householdId: z.uuid(), address: z.string() }).nullable(),
  reporterName: z.string().nullable(),
  proxyName: z.string().nullable(),
  contactName: z.string().nullable(),
  /** Masked, except for the assigned handler while the job is open (he must call). */
  contactPhone: z.string().nullable(),
  handlerName: z.string().nullable(),
  handlerContact: z.string().nullable(),
  reply: z.string().nullable(),
  replyAt: z.string().nullable(),
  mergedIntoCaseNo: z.string().nullable(),
  parkedReviewOn: z.string().nullable(),
  reopenCount: z.number().int(),
  extensionRequestedDays: z.number().int().nullable(),
  ratings: z.array(CaseRatingSchema),
  timeline: z.array(CaseEventSchema),
  attachments: z.array(CaseAttachmentSchema),
  myRoles: z.array(CaseRoleSchema),
  allowedActions: z.array(CaseActionSchema),
  canRate: z.boolean(),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const SubmitCaseBodySchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, '请填写问题标题')
    .max(CASE_LIMITS.titleMax, `标题不能超过 ${CASE_LIMITS.titleMax} 个字`),
  description: z
    .string()
    .trim()
    .min(1, '请描述遇到的问题')
    .max(CASE_LIMITS.descriptionMax, `描述不能超过 ${CASE_LIMITS.descriptionMax} 个字`),
  categoryCode: z.string().trim().min(1, '请选择问题类别').max(40),
  urgency: CaseUrgencySchema.optional(),
  /** The household the problem concerns; defaults to the reporter's own household. */
  householdId: z.uuid().nullish(),
  /** Territory node when there is no household (e.g. a public facility); defaults to the household's node. */
  nodeId: z.uuid().nullish(),
  /** Proxy intake: the resident on whose behalf a 户长/邻长/网格员 reports. */
  reporterResidentId: z.uuid().nullish(),
  channel: CaseChannelSchema.optional(),
  contactName: z.string().trim().max(50, '联系人不能超过 50 个字').nullish(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, '联系电话格式不正确')
    .nullish(),
  attachmentIds: AttachmentIds.default([]),
  /** Double-submit guard; the `Idempotency-Key` header works too. */
  idempotencyKey: z.string().trim().min(8).max(80).optional(),
});
export type SubmitCaseBody = z.infer<typeof SubmitCaseBodySchema>;

export const submitCase = defineRoute({
  operationId: 'submitCase',
  method: 'POST',
  path: '/api/v1/cases',
  summary: '反映问题（居民自助或代报），立即得到编号',
  tags: ['cases'],
  body: SubmitCaseBodySchema,
  response: CaseDetailSchema,
});

export const getCase = defineRoute({
  operationId: 'getCase',
  method: 'GET',
  path: '/api/v1/cases/:id',
  summary: '诉求详情与办理过程（办理人只见工单视图）',
  tags: ['cases'],
  params: IdParams,
  response: CaseDetailSchema,
});

export const setCaseRelatedParty = defineRoute({
  operationId: 'setCaseRelatedParty',
  method: 'PUT',
  path: '/api/v1/cases/:id/related-party',
  summary: '登记或清除诉求的相关方住户（如楼上渗水户）；办结时告知相关方',
  tags: ['cases'],
  params: IdParams,
  body: z.object({ householdId: z.uuid('请选择相关方住户').nullable() }),
  response: CaseDetailSchema,
});

/** Body of every action; which fields are required depends on the action (the server names missing ones). */
export const CaseActionBodySchema = z.object({
  note: Note.optional(),
  attachmentIds: AttachmentIds.default([]),
  /** reject (required), handle_locally, feedback, escalation_result: the reply the resident receives. */
  reply: Text(CASE_LIMITS.noteMax, '答复').optional(),
  /** dispatch: an account (repair worker with a login) or an external handler by name and contact. */
  handlerUserId: z.uuid().optional(),
  handlerName: Text(50, '办理单位').optional(),
  handlerContact: Text(50, '办理人联系方式').optional(),
  /** dispatch: override the category's handling limit, in its unit. */
  handleLimit: z.number().int().min(1).max(60).optional(),
  /** request_extension: working days asked for (total extension ≤ 15). */
  extensionDays: z.number().int().min(1).max(15).optional(),
  /** park: when to look at it again. */
  reviewOn: IsoDate.optional(),
  /** merge: the case this one duplicates. */
  mergeIntoCaseId: z.uuid().optional(),
  /** escalate: which platform (街道综合执法, 12345 …). */
  platform: Text(50, '上报平台').optional(),
});
export type CaseActionBody = z.infer<typeof CaseActionBodySchema>;

export const performCaseAction = defineRoute({
  operationId: 'performCaseAction',
  method: 'POST',
  path: '/api/v1/cases/:id/actions/:action',
  summary: '办理动作（签收、派单、反馈、核查……）；角色或状态不允许时 409 并说明原因',
  tags: ['cases'],
  params: z.object({ id: z.uuid(), action: CaseActionSchema }),
  body: CaseActionBodySchema,
  response: CaseDetailSchema,
});

export const RateCaseBodySchema = z.object({
  resolved: z.boolean({ error: '请选择问题是否已解决' }),
  satisfaction: z.number({ error: '请选择满意度' }).int().min(1, '满意度为 1–5').max(5, '满意度为 1–5'),
  comment: Note.optional(),
});
export type RateCaseBody = z.infer<typeof RateCaseBodySchema>;

export const rateCase = defineRoute({
  operationId: 'rateCase',
  method: 'POST',
  path: '/api/v1/cases/:id/rating',
  summary: '居民确认与评价（代评会标记）；评价期内不满意则重办',
  tags: ['cases'],
  params: IdParams,
  body: RateCaseBodySchema,
  response: CaseDetailSchema,
});

const QueryStates = z
  .string()
  .max(400)
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(CaseStateSchema));

export const CaseListQuerySchema = z.object({
  state: QueryStates.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const listMyCaseInbox = defineRoute({
  operationId: 'listMyCaseInbox',
  method: 'GET',
  path: '/api/v1/cases/inbox',
  summary: '我的待办：我是当前办理人，或在我分拨/核查范围内等待处理的诉求',
  tags: ['cases'],
  query: CaseListQuerySchema,
  response: pageOf(CaseSummarySchema),
});

export const listMyReportedCases = defineRoute({
  operationId: 'listMyReportedCases',
  method: 'GET',
  path: '/api/v1/cases/mine',
  summary: '我反映或代报的诉求',
  tags: ['cases'],
  query: CaseListQuerySchema,
  response: pageOf(CaseSummarySchema),
});

export const listCommunityCases = defineRoute({
  operationId: 'listCommunityCases',
  method: 'GET',
  path: '/api/v1/cases',
  summary: '社区分拨台：辖区内的诉求（按状态筛选）',
  tags: ['cases'],
  query: CaseListQuerySchema.extend({ communityId: z.uuid().optional() }),
  response: pageOf(CaseSummarySchema),
});

export const listCaseSlaBoard = defineRoute({
  operationId: 'listCaseSlaBoard',
  method: 'GET',
  path: '/api/v1/cases/sla-board',
  summary: '时限看板：未办结诉求按到期、≥50%、≥80%、已超时',
  tags: ['cases'],
  query: z.object({
    level: SlaLevelSchema.optional(),
    communityId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  }),
  response: pageOf(CaseSummarySchema).extend({
    counts: z.object({
      ok: z.number().int(),
      p50: z.number().int(),
      p80: z.number().int(),
      overdue: z.number().int(),
    }),
  }),
});

export const listCaseCategories = defineRoute({
  operationId: 'listCaseCategories',
  method: 'GET',
  path: '/api/v1/case-categories',
  summary: '诉求类别（本区县）',
  tags: ['cases'],
  response: z.object({ items: z.array(CaseCategorySchema) }),
});

/** multipart/form-data with one `file` (jpeg/png/webp, ≤ 8 MB); returns an id to pass in `attachmentIds`. */
export const uploadCaseAttachment = defineRoute({
  operationId: 'uploadCaseAttachment',
  method: 'POST',
  path: '/api/v1/case-attachments',
  summary: '上传照片（multipart：file），仅限 JPEG/PNG/WebP',
  tags: ['cases'],
  response: CaseAttachmentSchema,
});

export const getCaseAttachment = defineRoute({
  operationId: 'getCaseAttachment',
  method: 'GET',
  path: '/api/v1/case-attachments/:id',
  summary: '查看照片（仅能看到该诉求的人）',
  tags: ['cases'],
  params: IdParams,
  response: z.unknown().describe('image/jpeg | image/png | image/webp'),
});

// ---------------------------------------------------------------- category and time-limit settings

/** Bounds of a configurable limit: sign in natural hours, triage and handling in their own unit. */
export const CASE_LIMIT_BOUNDS = { signHoursMax: 720, amountMax: 60 } as const;

const SignLimitHours = z
  .number()
  .int('签收时限须为整数小时')
  .min(1, '签收时限至少 1 小时')
  .max(CASE_LIMIT_BOUNDS.signHoursMax, `签收时限不能超过 ${CASE_LIMIT_BOUNDS.signHoursMax} 小时`);
const TriageLimit = z
  .number()
  .int('分拨时限须为整数')
  .min(1, '分拨时限至少为 1')
  .max(CASE_LIMIT_BOUNDS.amountMax, `分拨时限不能超过 ${CASE_LIMIT_BOUNDS.amountMax}`);
const HandleLimit = z
  .number()
  .int('办理时限须为整数')
  .min(1, '办理时限至少为 1')
  .max(CASE_LIMIT_BOUNDS.amountMax, `办理时限不能超过 ${CASE_LIMIT_BOUNDS.amountMax}`);

/** The time limits a case of one category gets: sign (natural hours), triage and handling (own unit). */
export const CaseLimitsSchema = z.object({
  signLimitHours: z.number().int(),
  triageLimit: z.number().int(),
  triageUnit: ClockUnitSchema,
  handleLimit: z.number().int(),
  handleUnit: ClockUnitSchema,
});
export type CaseLimits = z.infer<typeof CaseLimitsSchema>;

/** A community's own limits for one category; null inherits the district default. */
export const CaseLimitOverrideSchema = z.object({
  signLimitHours: z.number().int().nullable(),
  triageLimit: z.number().int().nullable(),
  triageUnit: ClockUnitSchema.nullable(),
  handleLimit: z.number().int().nullable(),
  handleUnit: ClockUnitSchema.nullable(),
  updatedAt: z.string(),
});
export type CaseLimitOverride = z.infer<typeof CaseLimitOverrideSchema>;

export const CaseCategorySettingSchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  defaultUrgency: CaseUrgencySchema,
  isRetired: z.boolean(),
  /** The district default. */
  limits: CaseLimitsSchema,
  /** The selected community's override, if any. */
  override: CaseLimitOverrideSchema.nullable(),
  /** What a new case in the selected community gets: the override where set, else the district default. */
  effective: CaseLimitsSchema,
});
export type CaseCategorySetting = z.infer<typeof CaseCategorySettingSchema>;

export const CaseSettingsCommunitySchema = z.object({ id: z.uuid(), name: z.string() });

export const CaseCategorySettingsSchema = z.object({
  /** The community whose overrides are shown; null shows district defaults only. */
  communityId: z.uuid().nullable(),
  /** Communities the caller may set overrides for (`cases.triage` over them). */
  communities: z.array(CaseSettingsCommunitySchema),
  /** May the caller edit the district catalogue (`cases.triage` at the district root)? */
  canEditCatalogue: z.boolean(),
  items: z.array(CaseCategorySettingSchema),
});
export type CaseCategorySettings = z.infer<typeof CaseCategorySettingsSchema>;

export const listCaseCategorySettings = defineRoute({
  operationId: 'listCaseCategorySettings',
  method: 'GET',
  path: '/api/v1/case-settings/categories',
  summary: '诉求类别与时限（含本社区时限）',
  tags: ['cases'],
  query: z.object({ communityId: z.uuid('社区编号格式不正确').optional() }),
  response: CaseCategorySettingsSchema,
});

const CategoryName = z.string().trim().min(1, '请填写类别名称').max(30, '类别名称不能超过 30 个字');

export const CreateCaseCategoryBodySchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z_]+(\.[a-z_]+)*$/, '类别代码只能用小写字母、下划线和点')
    .max(40, '类别代码不能超过 40 个字符'),
  parentCode: z.string().trim().min(1).max(40).nullish(),
  name: CategoryName,
  defaultUrgency: CaseUrgencySchema.default('normal'),
  signLimitHours: SignLimitHours.default(24),
  triageLimit: TriageLimit.default(1),
  triageUnit: ClockUnitSchema.default('working_days'),
  handleLimit: HandleLimit,
  handleUnit: ClockUnitSchema.default('working_days'),
});
export type CreateCaseCategoryBody = z.infer<typeof CreateCaseCategoryBodySchema>;

export const createCaseCategory = defineRoute({
  operationId: 'createCaseCategory',
  method: 'POST',
  path: '/api/v1/case-settings/categories',
  summary: '新增诉求类别（区县目录）',
  tags: ['cases'],
  body: CreateCaseCategoryBodySchema,
  response: CaseCategorySettingSchema,
});

const CategoryParams = z.object({ code: z.string().trim().min(1).max(40) });

export const UpdateCaseCategoryBodySchema = z.object({
  name: CategoryName.optional(),
  defaultUrgency: CaseUrgencySchema.optional(),
  signLimitHours: SignLimitHours.optional(),
  triageLimit: TriageLimit.optional(),
  triageUnit: ClockUnitSchema.optional(),
  handleLimit: HandleLimit.optional(),
  handleUnit: ClockUnitSchema.optional(),
});
export type UpdateCaseCategoryBody = z.infer<typeof UpdateCaseCategoryBodySchema>;

export const updateCaseCategory = defineRoute({
  operationId: 'updateCaseCategory',
  method: 'PATCH',
  path: '/api/v1/case-settings/categories/:code',
  summary: '修改诉求类别的名称、默认紧急程度和时限',
  tags: ['cases'],
  params: CategoryParams,
  body: UpdateCaseCategoryBodySchema,
  response: CaseCategorySettingSchema,
});

export const retireCaseCategory = defineRoute({
  operationId: 'retireCaseCategory',
  method: 'POST',
  path: '/api/v1/case-settings/categories/:code/retire',
  summary: '停用诉求类别（不删除，代码不再复用）',
  tags: ['cases'],
  params: CategoryParams,
  response: CaseCategorySettingSchema,
});

const OverrideParams = z.object({
  communityId: z.uuid('社区编号格式不正确'),
  code: z.string().trim().min(1).max(40),
});

/** Each limit null (or absent) inherits the district default; a limit and its unit go together. */
export const SetCaseLimitOverrideBodySchema = z.object({
  signLimitHours: SignLimitHours.nullish(),
  triageLimit: TriageLimit.nullish(),
  triageUnit: ClockUnitSchema.nullish(),
  handleLimit: HandleLimit.nullish(),
  handleUnit: ClockUnitSchema.nullish(),
});
export type SetCaseLimitOverrideBody = z.infer<typeof SetCaseLimitOverrideBodySchema>;

export const setCaseLimitOverride = defineRoute({
  operationId: 'setCaseLimitOverride',
  method: 'PUT',
  path: '/api/v1/case-settings/communities/:communityId/categories/:code',
  summary: '设置本社区某类别的时限',
  tags: ['cases'],
  params: OverrideParams,
  body: SetCaseLimitOverrideBodySchema,
  response: CaseCategorySettingSchema,
});

export const clearCaseLimitOverride = defineRoute({
  operationId: 'clearCaseLimitOverride',
  method: 'DELETE',
  path: '/api/v1/case-settings/communities/:communityId/categories/:code',
  summary: '清除本社区某类别的时限（恢复区县默认）',
  tags: ['cases'],
  params: OverrideParams,
  response: CaseCategorySettingSchema,
});
