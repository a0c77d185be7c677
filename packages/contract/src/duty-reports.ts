import { z } from 'zod';
import { IsoDate } from './common.ts';
import { defineRoute } from './route.ts';

/** 述职 (duty reports) of 户长/邻长, their evaluation, and party lessons (research/domain.md §5.3, AS-14, AS-25). */

export const DUTY_REPORT_KINDS = ['household_chief', 'neighbour_chief'] as const;
export const DutyChiefKindSchema = z.enum(DUTY_REPORT_KINDS);
export const DutyPeriodKindSchema = z.enum(['month', 'year'], { error: '述职周期应为月度或年度' });
export type DutyPeriodKind = z.infer<typeof DutyPeriodKindSchema>;
export const DutyStateSchema = z.enum(['DUE', 'SUBMITTED', 'EVALUATED', 'ACKNOWLEDGED']);
export type DutyState = z.infer<typeof DutyStateSchema>;
export const DutyFormSchema = z.enum(['written', 'oral']);

export const DUTY_STATE_LABELS: Record<DutyState, string> = {
  DUE: '待述职',
  SUBMITTED: '已述职',
  EVALUATED: '已评价',
  ACKNOWLEDGED: '已确认',
};
export const DEFAULT_DUTY_GRADES = ['优秀', '良好', '合格', '不合格'] as const;
/** Said wherever visits would be counted, until a visits module exists. */
export const VISITS_NOTE = '走访模块尚未启用';
export const NO_ATTENDANCE_NOTE = '本期没有需要出席的会议或早点名';

/** `2026-10` for a month, `2026` for a year; checked against the period kind by the server. */
export const DutyPeriodSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, '述职期间格式应为 YYYY-MM 或 YYYY');

export const DutyFiguresSchema = z.object({
  /** Households linked to the position at any time in the period. */
  linkedHouseholds: z.number().int(),
  /** Cases he submitted himself or as proxy in the period. */
  casesReported: z.number().int(),
  /** Cases he acted on (signed, replied, handled…) in the period, other than submitting. */
  casesHandled: z.number().int(),
  visits: z.number().int(),
  visitsNote: z.string().nullable(),
  /** 早点名 turns and meetings attended, of those he was due at with attendance recorded. */
  attendance: z.object({ attended: z.number().int(), expected: z.number().int() }),
  /** Says why there is no attendance figure when nothing was due. */
  attendanceNote: z.string().nullable(),
});
export type DutyFigures = z.infer<typeof DutyFiguresSchema>;

export const DutyReportSchema = z.object({
  /** Null while nothing was recorded for the period yet (the report is due but has no row). */
  id: z.uuid().nullable(),
  positionId: z.uuid(),
  positionKind: DutyChiefKindSchema,
  holderName: z.string(),
  nodeName: z.string(),
  periodKind: DutyPeriodKindSchema,
  period: z.string(),
  dueOn: IsoDate,
  state: DutyStateSchema,
  form: DutyFormSchema.nullable(),
  content: z.string().nullable(),
  /** Who wrote the oral summary down, when the chief reported by word of mouth. */
  recordedByName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Frozen at submission; computed live while due. */
  figures: DutyFiguresSchema,
  grade: z.string().nullable(),
  evaluatorName: z.string().nullable(),
  evaluationComment: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
});
export type DutyReport = z.infer<typeof DutyReportSchema>;

export const MyDutyQuerySchema = z.object({ periodKind: DutyPeriodKindSchema, period: DutyPeriodSchema });
export const getMyDutyReports = defineRoute({
  operationId: 'getMyDutyReports',
  method: 'GET',
  path: '/api/v1/duty-reports/mine',
  summary: '我的述职：本人户长/邻长职务在该期间的述职（含预填的本人数据）',
  tags: ['duty-reports'],
  query: MyDutyQuerySchema,
  response: z.object({ items: z.array(DutyReportSchema) }),
});

const ReportKey = {
  positionId: z.uuid('职务编号格式不正确'),
  periodKind: DutyPeriodKindSchema,
  period: DutyPeriodSchema,
};
export const SubmitDutyReportBodySchema = z.object({
  ...ReportKey,
  content: z.string().trim().min(1, '请填写述职内容').max(2000, '述职内容最多 2000 字'),
});
export const submitDutyReport = defineRoute({
  operationId: 'submitDutyReport',
  method: 'POST',
  path: '/api/v1/duty-reports/submit',
  summary: '户长/邻长本人提交书面述职',
  tags: ['duty-reports'],
  body: SubmitDutyReportBodySchema,
  response: DutyReportSchema,
});

export const RecordOralDutyReportBodySchema = z.object({
  ...ReportKey,
  content: z.string().trim().min(1, '请填写口头述职摘要').max(2000, '口头述职摘要最多 2000 字'),
});
export const recordOralDutyReport = defineRoute({
  operationId: 'recordOralDutyReport',
  method: 'POST',
  path: '/api/v1/duty-reports/oral',
  summary: '社区干部代为记录户长/邻长的口头述职（标记为口头）',
  tags: ['duty-reports'],
  body: RecordOralDutyReportBodySchema,
  response: DutyReportSchema,
});

const IdParams = z.object({ id: z.uuid('编号格式不正确') });
export const EvaluateDutyReportBodySchema = z.object({
  grade: z.string().trim().min(1, '请选择评价等次').max(10, '评价等次最多 10 字'),
  comment: z.string().trim().max(500, '评语最多 500 字').optional(),
});
export const evaluateDutyReport = defineRoute({
  operationId: 'evaluateDutyReport',
  method: 'POST',
  path: '/api/v1/duty-reports/:id/evaluate',
  summary: '社区两委评价述职',
  tags: ['duty-reports'],
  params: IdParams,
  body: EvaluateDutyReportBodySchema,
  response: DutyReportSchema,
});
export const acknowledgeDutyReport = defineRoute({
  operationId: 'acknowledgeDutyReport',
  method: 'POST',
  path: '/api/v1/duty-reports/:id/acknowledge',
  summary: '户长/邻长确认已知晓评价',
  tags: ['duty-reports'],
  params: IdParams,
  response: DutyReportSchema,
});

export const CommunityDutyQuerySchema = z.object({
  communityId: z.uuid('社区编号格式不正确'),
  periodKind: DutyPeriodKindSchema,
  period: DutyPeriodSchema,
});
export const listCommunityDutyReports = defineRoute({
  operationId: 'listCommunityDutyReports',
  method: 'GET',
  path: '/api/v1/duty-reports',
  summary: '社区述职一览：应述职的户长/邻长及其状态（含未述职名单）',
  tags: ['duty-reports'],
  query: CommunityDutyQuerySchema,
  response: z.object({
    items: z.array(DutyReportSchema),
    grades: z.array(z.string()),
    missing: z.number().int(),
  }),
});

export const DutySettingSchema = z.object({
  /** Best first; 2–8 distinct grades. */
  grades: z
    .array(z.string().trim().min(1, '评价等次不能为空').max(10, '评价等次最多 10 字'))
    .min(2, '至少设置 2 个评价等次')
    .max(8, '最多设置 8 个评价等次')
    .refine((g) => new Set(g).size === g.length, '评价等次不能重复'),
  /** Day of the month (and of December for the annual report) reports fall due. */
  dueDay: z.number().int().min(1, '截止日应在 1–28 日之间').max(28, '截止日应在 1–28 日之间'),
});
export type DutySetting = z.infer<typeof DutySettingSchema>;
const CommunityQuery = z.object({ communityId: z.uuid('社区编号格式不正确') });
export const getDutySetting = defineRoute({
  operationId: 'getDutySetting',
  method: 'GET',
  path: '/api/v1/duty-reports/setting',
  summary: '社区述职设置：评价等次与截止日',
  tags: ['duty-reports'],
  query: CommunityQuery,
  response: DutySettingSchema,
});
export const updateDutySetting = defineRoute({
  operationId: 'updateDutySetting',
  method: 'PUT',
  path: '/api/v1/duty-reports/setting',
  summary: '设置社区述职评价等次与截止日',
  tags: ['duty-reports'],
  query: CommunityQuery,
  body: DutySettingSchema,
  response: DutySettingSchema,
});

export const DutyRankingQuerySchema = z.object({
  communityId: z.uuid('社区编号格式不正确'),
  year: z.coerce.number().int().min(2000, '年份不正确').max(2100, '年份不正确'),
});
export const DutyRankingRowSchema = z.object({
  rank: z.number().int(),
  positionId: z.uuid(),
  holderName: z.string(),
  positionKind: DutyChiefKindSchema,
  nodeName: z.string(),
  annualGrade: z.string().nullable(),
  monthlySubmitted: z.number().int(),
  figures: DutyFiguresSchema,
});
export type DutyRankingRow = z.infer<typeof DutyRankingRowSchema>;
export const getDutyRanking = defineRoute({
  operationId: 'getDutyRanking',
  method: 'GET',
  path: '/api/v1/duty-reports/ranking',
  summary: '年度户长/邻长排名（先按年度评价等次，再按本人数据）',
  tags: ['duty-reports'],
  query: DutyRankingQuerySchema,
  response: z.object({ items: z.array(DutyRankingRowSchema) }),
});
export const exportDutyRanking = defineRoute({
  operationId: 'exportDutyRanking',
  method: 'GET',
  path: '/api/v1/duty-reports/ranking.xlsx',
  summary: '导出年度排名（姓名脱敏，记入审计）',
  tags: ['duty-reports'],
  query: DutyRankingQuerySchema,
  response: z.unknown().describe('xlsx 文件'),
});

export const DutyStatsQuerySchema = z.object({
  nodeId: z.uuid('节点编号格式不正确').optional(),
  periodKind: DutyPeriodKindSchema,
  period: DutyPeriodSchema,
});
export const DutyNodeStatsSchema = z.object({
  expected: z.number().int(),
  submitted: z.number().int(),
  evaluated: z.number().int(),
  /** submitted ÷ expected, null when nobody is expected. */
  submissionRate: z.number().nullable(),
  grades: z.array(z.object({ grade: z.string(), count: z.number().int() })),
});
export type DutyNodeStats = z.infer<typeof DutyNodeStatsSchema>;
export const DutyStatsSchema = z.object({
  node: z.object({ id: z.uuid(), name: z.string(), level: z.string() }),
  totals: DutyNodeStatsSchema,
  children: z.array(
    z.object({ id: z.uuid(), name: z.string(), level: z.string(), stats: DutyNodeStatsSchema }),
  ),
});
export type DutyStats = z.infer<typeof DutyStatsSchema>;
export const getDutyStats = defineRoute({
  operationId: 'getDutyStats',
  method: 'GET',
  path: '/api/v1/duty-reports/stats',
  summary: '述职率与评价分布：本节点及各下级（含下级汇总）',
  tags: ['duty-reports'],
  query: DutyStatsQuerySchema,
  response: DutyStatsSchema,
});

// ---- Party lessons (党课) ----

/** A lesson needs at least this many scores to be the year's best. */
export const BEST_LESSON_MIN_SCORES = 5;

export const PartyLessonTopicSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  title: z.string(),
  summary: z.string().nullable(),
});
export const PartyLessonSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  topicId: z.uuid(),
  topicTitle: z.string(),
  heldOn: IsoDate,
  speakerName: z.string(),
  place: z.string().nullable(),
  /** Last day scores are accepted. */
  scoreUntil: IsoDate,
  scoreCount: z.number().int(),
  memberScoreCount: z.number().int(),
  average: z.number().nullable(),
  /** The caller's own score, if given. */
  myStars: z.number().int().nullable(),
});
export type PartyLesson = z.infer<typeof PartyLessonSchema>;

const OrgQuery = z.object({ orgId: z.uuid('党组织编号格式不正确') });
export const listPartyLessonTopics = defineRoute({
  operationId: 'listPartyLessonTopics',
  method: 'GET',
  path: '/api/v1/party-lessons/topics',
  summary: '党课菜单（某党组织）',
  tags: ['party-lessons'],
  query: OrgQuery,
  response: z.object({ items: z.array(PartyLessonTopicSchema) }),
});
export const CreatePartyLessonTopicBodySchema = z.object({
  orgId: z.uuid('党组织编号格式不正确'),
  title: z.string().trim().min(1, '请填写党课题目').max(100, '党课题目最多 100 字'),
  summary: z.string().trim().max(500, '简介最多 500 字').optional(),
});
export const createPartyLessonTopic = defineRoute({
  operationId: 'createPartyLessonTopic',
  method: 'POST',
  path: '/api/v1/party-lessons/topics',
  summary: '在党课菜单中新增题目',
  tags: ['party-lessons'],
  body: CreatePartyLessonTopicBodySchema,
  response: PartyLessonTopicSchema,
});

export const PartyLessonsQuerySchema = z.object({
  orgId: z.uuid('党组织编号格式不正确'),
  year: z.coerce.number().int().min(2000, '年份不正确').max(2100, '年份不正确'),
  minScores: z.coerce.number().int().min(1).max(1000).default(BEST_LESSON_MIN_SCORES),
});
export const listPartyLessons = defineRoute({
  operationId: 'listPartyLessons',
  method: 'GET',
  path: '/api/v1/party-lessons',
  summary: '某党组织一年的党课及评分，含年度最优党课',
  tags: ['party-lessons'],
  query: PartyLessonsQuerySchema,
  response: z.object({
    items: z.array(PartyLessonSchema),
    /** Highest average among lessons with at least minScores scores, ties by more scores; null if none qualifies. */
    best: PartyLessonSchema.nullable(),
    minScores: z.number().int(),
  }),
});
export const HoldPartyLessonBodySchema = z.object({
  topicId: z.uuid('请从党课菜单中选择题目'),
  heldOn: IsoDate,
  speakerName: z.string().trim().min(1, '请填写主讲人').max(50, '主讲人最多 50 字'),
  place: z.string().trim().max(100, '地点最多 100 字').optional(),
  scoreWindowDays: z.number().int().min(1, '评分期限应为 1–60 天').max(60, '评分期限应为 1–60 天').default(7),
});
export const holdPartyLesson = defineRoute({
  operationId: 'holdPartyLesson',
  method: 'POST',
  path: '/api/v1/party-lessons',
  summary: '登记一次已上的党课（日期、主讲人、菜单题目）',
  tags: ['party-lessons'],
  body: HoldPartyLessonBodySchema,
  response: PartyLessonSchema,
});
export const ScorePartyLessonBodySchema = z.object({
  stars: z.number().int().min(1, '评分应为 1–5 星').max(5, '评分应为 1–5 星'),
});
export const scorePartyLesson = defineRoute({
  operationId: 'scorePartyLesson',
  method: 'POST',
  path: '/api/v1/party-lessons/:id/score',
  summary: '党员或群众为党课打分（每人一次，仅在评分期内）',
  tags: ['party-lessons'],
  params: IdParams,
  body: ScorePartyLessonBodySchema,
  response: PartyLessonSchema,
});
export const listScorablePartyLessons = defineRoute({
  operationId: 'listScorablePartyLessons',
  method: 'GET',
  path: '/api/v1/party-lessons/open',
  summary: '本区县正在评分期内的党课',
  tags: ['party-lessons'],
  response: z.object({ items: z.array(PartyLessonSchema) }),
});
