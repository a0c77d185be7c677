import { z } from 'zod';
import { IsoDate } from './common.ts';
import { defineRoute } from './route.ts';

/** Topic states (research/domain.md §5.2). */
export const TopicStateSchema = z.enum([
  'PROPOSED',
  'REJECTED_WITH_REPLY',
  'CONVERTED_TO_CASE',
  'ACCEPTED_FOR_AGENDA',
  'SCHEDULED',
  'DELIBERATED',
  'DECIDED',
  'DEFERRED',
  'IMPLEMENTING',
  'FEEDBACK_PUBLISHED',
  'ARCHIVED',
]);
export type TopicState = z.infer<typeof TopicStateSchema>;
export const TOPIC_STATES = TopicStateSchema.options;
export const FINAL_TOPIC_STATES: readonly TopicState[] = [
  'REJECTED_WITH_REPLY',
  'CONVERTED_TO_CASE',
  'ARCHIVED',
];

export const TOPIC_STATE_LABELS: Record<TopicState, string> = {
  PROPOSED: '待审事',
  REJECTED_WITH_REPLY: '不予上会（已答复）',
  CONVERTED_TO_CASE: '转为诉求办理',
  ACCEPTED_FOR_AGENDA: '已列入议程',
  SCHEDULED: '已排期',
  DELIBERATED: '已议事',
  DECIDED: '已决定',
  DEFERRED: '暂缓再议',
  IMPLEMENTING: '落实中',
  FEEDBACK_PUBLISHED: '结果已公示',
  ARCHIVED: '已归档',
};

/** HTTP actions on a topic; `vote` is the members' online ballot. */
export const TopicActionSchema = z.enum([
  'reject',
  'convert',
  'accept',
  'schedule',
  'record',
  'close_vote',
  'decide',
  'defer',
  'implement',
  'publish',
  'archive',
]);
export type TopicAction = z.infer<typeof TopicActionSchema>;

export const TOPIC_ACTION_LABELS: Record<TopicAction, string> = {
  reject: '不予上会并答复',
  convert: '转为诉求办理',
  accept: '列入议程',
  schedule: '排期',
  record: '记录议事',
  close_vote: '结束线上表决',
  decide: '记录决定',
  defer: '暂缓再议',
  implement: '分派落实',
  publish: '公示结果',
  archive: '归档',
};

export const TopicModeSchema = z.enum(['plenary', 'visiting', 'door_to_door', 'online'], {
  error: '请选择议事方式',
});
export type TopicMode = z.infer<typeof TopicModeSchema>;
export const TOPIC_MODE_LABELS: Record<TopicMode, string> = {
  plenary: '集中议事',
  visiting: '走访议事',
  door_to_door: '上门议事',
  online: '微信/线上议事',
};

export const CouncilPartySchema = z.enum(
  [
    'residents_committee',
    'volunteer_alliance',
    'property_management',
    'owners_committee',
    'social_organisation',
    'police',
    'party_representative',
    'resident_representative',
  ],
  { error: '请选择所属方' },
);
export type CouncilParty = z.infer<typeof CouncilPartySchema>;
export const COUNCIL_PARTY_LABELS: Record<CouncilParty, string> = {
  residents_committee: '居委会',
  volunteer_alliance: '志愿服务联盟',
  property_management: '物业',
  owners_committee: '业委会',
  social_organisation: '社会组织',
  police: '公安',
  party_representative: '党员代表',
  resident_representative: '居民代表',
};

export const HolidayRuleSchema = z.enum(['keep', 'next_working_day']);
export type HolidayRule = z.infer<typeof HolidayRuleSchema>;

export const TopicSourceSchema = z.enum([
  'resident',
  'staff',
  'council_member',
  'sub_council',
  'case',
  'meeting',
]);
export const TOPIC_SOURCE_LABELS: Record<z.infer<typeof TopicSourceSchema>, string> = {
  resident: '居民提事',
  staff: '干部/户长提事',
  council_member: '议事会成员',
  sub_council: '下设议事会',
  case: '诉求转议',
  meeting: '会议建议转议',
};

/** Topic categories share the case catalogue's codes, so 邻里纠纷 (`dispute`) is counted alike. */
export const TOPIC_CATEGORY_LABELS: Record<string, string> = {
  dispute: '邻里纠纷',
  renovation: '小区改造',
  facility: '公共设施',
  environment: '环境卫生',
  parking: '停车',
  safety: '安全隐患',
  elderly: '养老/助老',
  other: '其他',
};
const Category = z
  .string()
  .trim()
  .regex(/^[a-z_.]{1,40}$/, '议题类别不正确');

const Title = z.string({ error: '请填写议题' }).trim().min(1, '请填写议题').max(60, '议题不超过 60 字');
const Text = (field: string, max: number) =>
  z
    .string({ error: `请填写${field}` })
    .trim()
    .max(max, `${field}不超过 ${max} 字`);
const Percent = z.number().int().min(1, '比例为 1–99').max(99, '比例为 1–99');

/** A correction appended to a closed record (minutes, decision): who, when, what it corrects. */
export const AmendmentSchema = z.object({
  id: z.uuid(),
  corrects: z.string(),
  text: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
});
export type Amendment = z.infer<typeof AmendmentSchema>;

export const AddAmendmentBodySchema = z.object({
  corrects: z.string().trim().min(1, '请填写更正的是哪一项').max(100, '更正项不超过 100 字'),
  text: Text('更正说明', 2000).min(1, '请填写更正说明'),
});
export type AddAmendmentBody = z.input<typeof AddAmendmentBodySchema>;

// ---------------------------------------------------------------- councils

export const CouncilMemberSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  party: CouncilPartySchema,
  userId: z.uuid().nullable(),
});
export type CouncilMember = z.infer<typeof CouncilMemberSchema>;

export const CouncilSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  communityName: z.string(),
  parentId: z.uuid().nullable(),
  parentName: z.string().nullable(),
  name: z.string(),
  leaderPositionId: z.uuid().nullable(),
  leaderName: z.string(),
  regularWeek: z.number().int(),
  regularWeekday: z.number().int(),
  holidayRule: HolidayRuleSchema,
  quorumPercent: z.number().int(),
  majorityPercent: z.number().int(),
  members: z.array(CouncilMemberSchema),
  /** Can the caller edit it and manage its topics (两委)? */
  canManage: z.boolean(),
});
export type Council = z.infer<typeof CouncilSchema>;

const MemberInput = z.object({
  name: z.string({ error: '请填写成员姓名' }).trim().min(1, '请填写成员姓名').max(50, '姓名不超过 50 字'),
  party: CouncilPartySchema,
  userId: z.uuid('账号编号格式不正确').nullable().optional(),
});

export const SaveCouncilBodySchema = z.object({
  communityId: z.uuid('请选择社区'),
  parentId: z.uuid().nullable().optional(),
  name: z.string({ error: '请填写议事会名称' }).trim().min(1, '请填写议事会名称').max(60, '名称不超过 60 字'),
  leaderPositionId: z.uuid().nullable().optional(),
  leaderName: z.string().trim().max(50, '召集人姓名不超过 50 字').optional(),
  regularWeek: z.number().int().min(1, '第几周为 1–4').max(4, '第几周为 1–4').default(1),
  regularWeekday: z.number().int().min(1, '星期为 1–7').max(7, '星期为 1–7').default(5),
  holidayRule: HolidayRuleSchema.default('next_working_day'),
  quorumPercent: Percent.default(50),
  majorityPercent: Percent.default(50),
  members: z.array(MemberInput).max(60, '成员不超过 60 人').default([]),
});
export type SaveCouncilBody = z.input<typeof SaveCouncilBodySchema>;

/** One regular day (议事日) and what the holiday rule made of it. */
export const RegularDaySchema = z.object({
  regularDay: IsoDate,
  /** Set when the regular day is not a working day, e.g. "2026-05-01 是法定节假日（劳动节）". */
  conflict: z.string().nullable(),
  proposedOn: IsoDate,
  holidayRule: HolidayRuleSchema,
});
export type RegularDay = z.infer<typeof RegularDaySchema>;

export const listCouncils = defineRoute({
  operationId: 'listCouncils',
  method: 'GET',
  path: '/api/v1/deliberation/councils',
  summary: '协商议事会及下设议事会（成员、议事日与表决规则）',
  tags: ['deliberation'],
  query: z.object({ communityId: z.uuid().optional() }),
  response: z.object({ items: z.array(CouncilSchema) }),
});

export const createCouncil = defineRoute({
  operationId: 'createCouncil',
  method: 'POST',
  path: '/api/v1/deliberation/councils',
  summary: '设立议事会（两委）',
  tags: ['deliberation'],
  body: SaveCouncilBodySchema,
  response: CouncilSchema,
});

export const updateCouncil = defineRoute({
  operationId: 'updateCouncil',
  method: 'PUT',
  path: '/api/v1/deliberation/councils/:id',
  summary: '修改议事会成员与规则（两委）',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid() }),
  body: SaveCouncilBodySchema.omit({ communityId: true }),
  response: CouncilSchema,
});

export const listRegularDays = defineRoute({
  operationId: 'listRegularDays',
  method: 'GET',
  path: '/api/v1/deliberation/councils/:id/regular-days',
  summary: '接下来的议事日（含节假日冲突与顺延）',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid() }),
  query: z.object({
    from: IsoDate.optional(),
    count: z.coerce.number().int().min(1).max(24).default(6),
  }),
  response: z.object({ items: z.array(RegularDaySchema) }),
});

export const SaveMeetingBodySchema = z.object({
  heldOn: IsoDate,
  note: Text('会议记录', 1000).optional(),
  suggestions: z
    .array(
      z.object({
        title: Title,
        description: Text('建议内容', 2000).min(1, '请填写建议内容'),
        important: z.boolean().default(false),
        category: Category.default('other'),
      }),
    )
    .min(1, '请至少填写一条建议')
    .max(30, '一次不超过 30 条建议'),
});
export type SaveMeetingBody = z.input<typeof SaveMeetingBodySchema>;

export const recordCouncilMeeting = defineRoute({
  operationId: 'recordCouncilMeeting',
  method: 'POST',
  path: '/api/v1/deliberation/councils/:id/meetings',
  summary: '下设议事会（如妇女议事会）保存会议建议；重要建议自动报两委成为议题',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid() }),
  body: SaveMeetingBodySchema,
  response: z.object({ meetingId: z.uuid(), topicIds: z.array(z.uuid()) }),
});

// ---------------------------------------------------------------- topics

export const TopicSummarySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  title: z.string(),
  category: z.string(),
  state: TopicStateSchema,
  source: TopicSourceSchema,
  sourceCouncilName: z.string().nullable(),
  proposerName: z.string(),
  mode: TopicModeSchema.nullable(),
  scheduledOn: IsoDate.nullable(),
  caseId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TopicSummary = z.infer<typeof TopicSummarySchema>;

export const TopicItemSchema = z.object({
  id: z.uuid(),
  description: z.string(),
  implementer: z.string(),
  deadline: IsoDate,
  doneAt: z.string().nullable(),
  doneNote: z.string().nullable(),
});

export const TopicDetailSchema = TopicSummarySchema.extend({
  description: z.string(),
  nodeId: z.uuid(),
  nodeName: z.string(),
  councilId: z.uuid().nullable(),
  councilName: z.string().nullable(),
  convertedCaseId: z.uuid().nullable(),
  reply: z.string().nullable(),
  regularDay: IsoDate.nullable(),
  holidayConflict: z.string().nullable(),
  voteOpensAt: z.string().nullable(),
  voteClosesAt: z.string().nullable(),
  deliberatedOn: IsoDate.nullable(),
  deliberationNote: z.string().nullable(),
  attendance: z.array(
    z.object({
      memberId: z.uuid(),
      name: z.string(),
      party: CouncilPartySchema,
      present: z.boolean(),
      position: z.string().nullable(),
    }),
  ),
  decision: z
    .object({
      outcomeKind: z.enum(['consensus', 'vote']),
      memberCount: z.number().int(),
      presentCount: z.number().int(),
      votesFor: z.number().int().nullable(),
      votesAgainst: z.number().int().nullable(),
      votesAbstain: z.number().int().nullable(),
      quorumMet: z.boolean(),
      passed: z.boolean(),
      text: z.string(),
      caseOutcome: z.enum(['dispatch', 'close']).nullable(),
    })
    .nullable(),
  items: z.array(TopicItemSchema),
  feedback: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** For an accepted or deferred topic: the council's next regular day, as the schedule form proposes it. */
  scheduleProposal: RegularDaySchema.nullable(),
  /** Online vote: ballots cast so far, and the caller's own ballot when a member. */
  ballotsCast: z.number().int(),
  myBallot: z.enum(['for', 'against', 'abstain']).nullable(),
  canVote: z.boolean(),
  /** Recorded proxies (委托): who authorised whom, and whether that ballot was cast. */
  proxies: z.array(
    z.object({
      grantorMemberId: z.uuid(),
      grantorName: z.string(),
      proxyMemberId: z.uuid(),
      proxyName: z.string(),
      voted: z.boolean(),
    }),
  ),
  /** Members who authorised the caller and have not voted yet: the caller may vote for them. */
  canVoteFor: z.array(z.object({ memberId: z.uuid(), name: z.string() })),
  /** Once decided the record is closed: corrections are appended here, never edited in. */
  recordClosed: z.boolean(),
  amendments: z.array(AmendmentSchema),
  allowedActions: z.array(TopicActionSchema),
});
export type TopicDetail = z.infer<typeof TopicDetailSchema>;

export const ProposeTopicBodySchema = z.object({
  /** The affected unit (a building, group or the community itself); a resident's defaults to her home's. */
  nodeId: z.uuid('请选择涉及的区域').optional(),
  title: Title,
  description: Text('议题说明', 2000).min(1, '请填写议题说明'),
  category: Category.default('other'),
});
export type ProposeTopicBody = z.input<typeof ProposeTopicBodySchema>;

export const proposeTopic = defineRoute({
  operationId: 'proposeTopic',
  method: 'POST',
  path: '/api/v1/deliberation/topics',
  summary: '提议题（居民、户长、议事会成员、干部）',
  tags: ['deliberation'],
  body: ProposeTopicBodySchema,
  response: TopicDetailSchema,
});

export const listTopics = defineRoute({
  operationId: 'listTopics',
  method: 'GET',
  path: '/api/v1/deliberation/topics',
  summary: '议题看板（按阶段）',
  tags: ['deliberation'],
  query: z.object({
    communityId: z.uuid().optional(),
    state: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(TopicStateSchema)).optional(),
  }),
  response: z.object({ items: z.array(TopicSummarySchema) }),
});

export const getTopic = defineRoute({
  operationId: 'getTopic',
  method: 'GET',
  path: '/api/v1/deliberation/topics/:id',
  summary: '议题详情：议程、议事记录、决定、落实与公示',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid() }),
  response: TopicDetailSchema,
});

const Count = z.number().int().min(0, '票数不能为负');

/** Body of every action; which fields are required depends on the action (the server names missing ones). */
export const TopicActionBodySchema = z.object({
  /** reject, convert: the reply the proposer receives (nothing raised goes unanswered). */
  reply: Text('答复', 1000).optional(),
  /** convert: the case's category. */
  categoryCode: Category.optional(),
  /** accept (optional) or schedule: which council deliberates. */
  councilId: z.uuid().optional(),
  /** schedule */
  mode: TopicModeSchema.optional(),
  /** schedule: defaults to the council's next regular day under its holiday rule. */
  scheduledOn: IsoDate.optional(),
  voteOpensAt: z.iso.datetime({ offset: true, error: '表决开始时间格式不正确' }).optional(),
  voteClosesAt: z.iso.datetime({ offset: true, error: '表决截止时间格式不正确' }).optional(),
  /** record: who attended and what each party said. */
  attendance: z
    .array(
      z.object({
        memberId: z.uuid(),
        present: z.boolean(),
        position: Text('意见', 1000).optional(),
      }),
    )
    .optional(),
  heldOn: IsoDate.optional(),
  note: Text('说明', 2000).optional(),
  /** decide */
  outcomeKind: z.enum(['consensus', 'vote']).optional(),
  votesFor: Count.optional(),
  votesAgainst: Count.optional(),
  votesAbstain: Count.optional(),
  passed: z.boolean().optional(),
  decision: Text('决定内容', 2000).optional(),
  /** decide, for a topic from a case: dispatch it to a handler or close it with the decision as reply. */
  caseOutcome: z.enum(['dispatch', 'close']).optional(),
  handlerName: z.string().trim().max(50, '办理单位不超过 50 字').optional(),
  /** implement */
  items: z
    .array(
      z.object({
        description: Text('落实事项', 500).min(1, '请填写落实事项'),
        implementer: z.string().trim().min(1, '请填写落实人').max(50, '落实人不超过 50 字'),
        deadline: IsoDate,
      }),
    )
    .max(30)
    .optional(),
  /** publish */
  feedback: Text('公示内容', 2000).optional(),
});
export type TopicActionBody = z.input<typeof TopicActionBodySchema>;

export const performTopicAction = defineRoute({
  operationId: 'performTopicAction',
  method: 'POST',
  path: '/api/v1/deliberation/topics/:id/actions/:action',
  summary: '议题流程动作；状态或角色不允许时 409 并说明原因',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid(), action: TopicActionSchema }),
  body: TopicActionBodySchema,
  response: TopicDetailSchema,
});

export const castTopicVote = defineRoute({
  operationId: 'castTopicVote',
  method: 'POST',
  path: '/api/v1/deliberation/topics/:id/vote',
  summary: '议事会成员线上表决（每人一票，不能改票；受委托时可代投）',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid() }),
  body: z.object({
    choice: z.enum(['for', 'against', 'abstain'], { error: '请选择同意、反对或弃权' }),
    /** Vote for another member who recorded a proxy to the caller. */
    forMemberId: z.uuid('委托人不正确').optional(),
  }),
  response: TopicDetailSchema,
});

export const RecordTopicProxyBodySchema = z.object({
  grantorMemberId: z.uuid('请选择委托人'),
  proxyMemberId: z.uuid('请选择受托人'),
});

export const recordTopicProxy = defineRoute({
  operationId: 'recordTopicProxy',
  method: 'POST',
  path: '/api/v1/deliberation/topics/:id/proxies',
  summary: '登记表决委托（两委或委托人本人）',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid() }),
  body: RecordTopicProxyBodySchema,
  response: TopicDetailSchema,
});

export const addTopicAmendment = defineRoute({
  operationId: 'addTopicAmendment',
  method: 'POST',
  path: '/api/v1/deliberation/topics/:id/amendments',
  summary: '决定记录的更正说明（记录结束后只能追加）',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid() }),
  body: AddAmendmentBodySchema,
  response: TopicDetailSchema,
});

export const completeTopicItem = defineRoute({
  operationId: 'completeTopicItem',
  method: 'POST',
  path: '/api/v1/deliberation/topics/:id/items/:itemId/done',
  summary: '落实事项完成',
  tags: ['deliberation'],
  params: z.object({ id: z.uuid(), itemId: z.uuid() }),
  body: z.object({ note: Text('完成情况', 500).optional() }),
  response: TopicDetailSchema,
});

// ---------------------------------------------------------------- report

export const DeliberationReportSchema = z.object({
  communityId: z.uuid(),
  communityName: z.string(),
  year: z.number().int(),
  byState: z.record(TopicStateSchema, z.number().int()),
  byMode: z.record(TopicModeSchema, z.number().int()),
  /** Average days from raising a topic to publishing its result, over topics published in the year. */
  avgDaysToFeedback: z.number().nullable(),
  /** 协商议事会成功化解邻里矛盾 N 件: 邻里纠纷 topics decided in the year. */
  disputesResolved: z.number().int(),
  disputesByMode: z.record(TopicModeSchema, z.number().int()),
  disputes: z.array(
    z.object({ id: z.uuid(), title: z.string(), mode: TopicModeSchema.nullable(), decidedOn: IsoDate }),
  ),
  headline: z.string(),
});
export type DeliberationReport = z.infer<typeof DeliberationReportSchema>;

export const getDeliberationReport = defineRoute({
  operationId: 'getDeliberationReport',
  method: 'GET',
  path: '/api/v1/deliberation/report',
  summary: '协商议事统计：按阶段、按方式、平均办结天数、年度化解矛盾件数',
  tags: ['deliberation'],
  query: z.object({
    communityId: z.uuid('请选择社区'),
    year: z.coerce.number().int().min(2000).max(2100),
  }),
  response: DeliberationReportSchema,
});
