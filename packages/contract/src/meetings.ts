import { z } from 'zod';
import { IsoDate, OkSchema, Uuid, YearMonth } from './common.ts';
import { AddAmendmentBodySchema, AmendmentSchema } from './deliberation.ts';
import { defineRoute } from './route.ts';

/** Meeting types of the seeds (research/domain.md §2.3). */
export const MeetingKindSchema = z.enum([
  /** 早点名会, daily, 户长 in rotation */
  'roll_call',
  /** (自然村)户长月度联系会议 */
  'chiefs_monthly',
  /** 年底户长联席会议 (also held ad hoc) */
  'chiefs_yearend',
  /** 议事会 */
  'council',
  /** 妇女议事会 */
  'women_council',
  /** 党课 */
  'party_lesson',
  /** 乡村振兴讲堂 / 户长培训 */
  'revitalisation_lecture',
  /** 党员座谈会 */
  'party_forum',
]);
export type MeetingKind = z.infer<typeof MeetingKindSchema>;

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  roll_call: '早点名会',
  chiefs_monthly: '户长月度联系会议',
  chiefs_yearend: '户长联席会议',
  council: '议事会',
  women_council: '妇女议事会',
  party_lesson: '党课',
  revitalisation_lecture: '乡村振兴讲堂/培训',
  party_forum: '党员座谈会',
};

export const MEETING_LIMITS = {
  /** Notice must go out this many days before the start, or the meeting needs an urgent reason (紧急通知). */
  noticeDays: 3,
  /** Most occurrences one recurrence generates. */
  occurrencesMax: 366,
  /** Longest range one list or calendar request covers. */
  rangeDaysMax: 190,
  invitesMax: 500,
  suggestionsMax: 200,
  /** Check-in opens this many minutes before the start and closes at the end. */
  checkInOpensMinutes: 60,
} as const;

const Instant = z.iso.datetime({
  offset: true,
  message: '时间格式应为 ISO 8601，例如 2026-12-01T08:00:00+08:00',
});
const Title = z.string().trim().min(1, '请填写会议名称').max(100, '会议名称不超过 100 字');
const Place = z.string().trim().min(1, '请填写地点').max(100, '地点不超过 100 字');

/** Repeats the meeting from its start until `until` (inclusive, business day). */
export const RecurrenceSchema = z.object({
  freq: z.enum(['daily', 'weekly', 'monthly']),
  until: IsoDate,
  /** Daily/weekly: skip days that are not working days (holidays and weekends, with 调休). */
  workingDaysOnly: z.boolean().default(false),
  /** Monthly: on the same day of the month (`monthDay`) or on the same n-th weekday, e.g. first Friday (`nthWeekday`). */
  monthlyBy: z.enum(['monthDay', 'nthWeekday']).default('monthDay'),
});
export type Recurrence = z.infer<typeof RecurrenceSchema>;

export const CreateMeetingBodySchema = z.object({
  nodeId: Uuid,
  kind: MeetingKindSchema,
  title: Title,
  place: Place,
  startsAt: Instant,
  endsAt: Instant,
  /** Defaults to the creator. */
  organiserUserId: Uuid.optional(),
  agenda: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  inviteeUserIds: z.array(Uuid).max(500).default([]),
  inviteePositionIds: z.array(Uuid).max(500).default([]),
  /** Every current position of these kinds at or below the node, e.g. all 户长 for a 户长联席会议. */
  inviteePositionKinds: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
  recurrence: RecurrenceSchema.optional(),
  /** Required when the first meeting starts less than 3 days from now: shown as 紧急通知. */
  urgentReason: z.string().trim().min(1).max(200).optional(),
});
export type CreateMeetingBody = z.infer<typeof CreateMeetingBodySchema>;

export const MeetingSummarySchema = z.object({
  id: Uuid,
  seriesId: Uuid.nullable(),
  nodeId: Uuid,
  nodeName: z.string(),
  kind: MeetingKindSchema,
  title: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  isUrgent: z.boolean(),
  isCancelled: z.boolean(),
  feedbackCompleted: z.boolean(),
});
export type MeetingSummary = z.infer<typeof MeetingSummarySchema>;

export const InviteeSchema = z.object({
  id: Uuid,
  userId: Uuid.nullable(),
  positionId: Uuid.nullable(),
  name: z.string(),
  attendance: z.enum(['attended', 'absent']).nullable(),
  checkedInVia: z.enum(['qr', 'code', 'organiser']).nullable(),
  checkedInAt: z.string().nullable(),
});
export type Invitee = z.infer<typeof InviteeSchema>;

export const SuggestionSchema = z.object({
  id: Uuid,
  seq: z.number().int(),
  content: z.string(),
  raisedBy: z.string().nullable(),
  ownerUserId: Uuid,
  ownerName: z.string(),
  dueOn: IsoDate,
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  isOverdue: z.boolean(),
  /** The deliberation topic raised from this suggestion (转为议题), if any. */
  topicId: Uuid.nullable(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const MeetingDetailSchema = MeetingSummarySchema.extend({
  organiserUserId: Uuid,
  organiserName: z.string(),
  agenda: z.array(z.string()),
  recurrence: RecurrenceSchema.nullable(),
  urgentReason: z.string().nullable(),
  invitees: z.array(InviteeSchema),
  attendedCount: z.number().int(),
  minutes: z.string().nullable(),
  decisions: z.array(z.string()),
  suggestions: z.array(SuggestionSchema),
  /** 回复率 x/N */
  repliedCount: z.number().int(),
  suggestionCount: z.number().int(),
  /** Only for those who may manage the meeting: the QR/link token and the 6-digit code. */
  checkIn: z
    .object({ token: z.string(), code: z.string(), opensAt: z.string(), closesAt: z.string() })
    .nullable(),
  canManage: z.boolean(),
  /** Once closed, minutes and attendance are append-only: corrections are listed in `amendments`. */
  closedAt: z.string().nullable(),
  amendments: z.array(AmendmentSchema),
  /** The caller's own invitation, when invited. */
  myInviteeId: Uuid.nullable(),
});
export type MeetingDetail = z.infer<typeof MeetingDetailSchema>;

const IdParams = z.object({ id: Uuid });

export const ListMeetingsQuerySchema = z.object({
  from: IsoDate,
  to: IsoDate,
  nodeId: Uuid.optional(),
  kind: MeetingKindSchema.optional(),
});
export type ListMeetingsQuery = z.infer<typeof ListMeetingsQuerySchema>;

export const listMeetings = defineRoute({
  operationId: 'listMeetings',
  method: 'GET',
  path: '/api/v1/meetings',
  summary: '会议列表（管辖范围内及受邀的会议，按开始时间）',
  tags: ['meetings'],
  query: ListMeetingsQuerySchema,
  response: z.object({ items: z.array(MeetingSummarySchema) }),
});

export const createMeeting = defineRoute({
  operationId: 'createMeeting',
  method: 'POST',
  path: '/api/v1/meetings',
  summary: '安排会议（可按规则重复），向受邀人发送会议通知',
  tags: ['meetings'],
  body: CreateMeetingBodySchema,
  response: z.object({ items: z.array(MeetingSummarySchema) }),
});

export const getMeeting = defineRoute({
  operationId: 'getMeeting',
  method: 'GET',
  path: '/api/v1/meetings/:id',
  summary: '会议详情：议程、受邀人、签到、纪要与建议回复',
  tags: ['meetings'],
  params: IdParams,
  response: MeetingDetailSchema,
});

export const cancelMeeting = defineRoute({
  operationId: 'cancelMeeting',
  method: 'POST',
  path: '/api/v1/meetings/:id/cancel',
  summary: '取消会议并通知受邀人',
  tags: ['meetings'],
  params: IdParams,
  body: z.object({ reason: z.string().trim().min(1, '请填写取消原因').max(200) }),
  response: MeetingDetailSchema,
});

export const extendMeetingSeries = defineRoute({
  operationId: 'extendMeetingSeries',
  method: 'POST',
  path: '/api/v1/meetings/:id/extend-series',
  summary: '续排重复会议：按原规则从系列最后一次往后排到新的截止日期，并通知受邀人',
  tags: ['meetings'],
  params: IdParams,
  body: z.object({ until: IsoDate }),
  response: z.object({ items: z.array(MeetingSummarySchema) }),
});

export const CheckInBodySchema = z.union([
  z.object({ token: z.string().trim().min(10).max(100) }),
  z.object({ meetingId: Uuid, code: z.string().regex(/^\d{6}$/, '签到码应为 6 位数字') }),
]);
export type CheckInBody = z.infer<typeof CheckInBodySchema>;

export const checkInMeeting = defineRoute({
  operationId: 'checkInMeeting',
  method: 'POST',
  path: '/api/v1/meetings/check-in',
  summary: '受邀人扫码（或输入签到码）签到',
  tags: ['meetings'],
  body: CheckInBodySchema,
  response: z.object({ meetingId: Uuid, title: z.string(), checkedInAt: z.string() }),
});

export const recordAttendance = defineRoute({
  operationId: 'recordAttendance',
  method: 'PUT',
  path: '/api/v1/meetings/:id/attendance',
  summary: '组织者勾选到会人员',
  tags: ['meetings'],
  params: IdParams,
  body: z.object({
    entries: z
      .array(z.object({ inviteeId: Uuid, attendance: z.enum(['attended', 'absent']).nullable() }))
      .min(1)
      .max(500),
  }),
  response: MeetingDetailSchema,
});

export const NewSuggestionSchema = z.object({
  content: z.string().trim().min(1, '请填写建议内容').max(2000),
  raisedBy: z.string().trim().max(50).optional(),
  ownerUserId: Uuid,
  dueOn: IsoDate,
});

export const saveMinutes = defineRoute({
  operationId: 'saveMinutes',
  method: 'PUT',
  path: '/api/v1/meetings/:id/minutes',
  summary: '保存会议纪要、议定事项；新提出的意见建议逐条建档（件件有回复）',
  tags: ['meetings'],
  params: IdParams,
  body: z.object({
    minutes: z.string().trim().max(20000),
    decisions: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
    /** Appended to the meeting's suggestions; existing ones are kept. */
    newSuggestions: z.array(NewSuggestionSchema).max(200).default([]),
  }),
  response: MeetingDetailSchema,
});

export const replySuggestion = defineRoute({
  operationId: 'replySuggestion',
  method: 'POST',
  path: '/api/v1/meetings/suggestions/:id/reply',
  summary: '回复一条意见建议（回复责任人或会议管理人）',
  tags: ['meetings'],
  params: IdParams,
  body: z.object({ reply: z.string().trim().min(1, '请填写回复内容').max(2000) }),
  response: SuggestionSchema,
});

export const raiseTopicFromSuggestion = defineRoute({
  operationId: 'raiseTopicFromSuggestion',
  method: 'POST',
  path: '/api/v1/meetings/suggestions/:id/topic',
  summary: '意见建议转为协商议题（回复责任人或会议管理人）；建议的回复随之说明',
  tags: ['meetings'],
  params: IdParams,
  response: z.object({ suggestion: SuggestionSchema, topicId: Uuid }),
});

export const closeMeeting = defineRoute({
  operationId: 'closeMeeting',
  method: 'POST',
  path: '/api/v1/meetings/:id/close',
  summary: '结束会议：纪要与到会登记定稿，此后只能提交更正说明',
  tags: ['meetings'],
  params: IdParams,
  response: MeetingDetailSchema,
});

export const addMeetingAmendment = defineRoute({
  operationId: 'addMeetingAmendment',
  method: 'POST',
  path: '/api/v1/meetings/:id/amendments',
  summary: '会议记录的更正说明（会议结束后只能追加）',
  tags: ['meetings'],
  params: IdParams,
  body: AddAmendmentBodySchema,
  response: MeetingDetailSchema,
});

export const completeFeedback = defineRoute({
  operationId: 'completeFeedback',
  method: 'POST',
  path: '/api/v1/meetings/:id/feedback-complete',
  summary: '标记反馈完成（所有建议均已回复后）',
  tags: ['meetings'],
  params: IdParams,
  response: MeetingDetailSchema,
});

export const rotateCalendarToken = defineRoute({
  operationId: 'rotateCalendarToken',
  method: 'POST',
  path: '/api/v1/meetings/calendar-token',
  summary: '生成（或更换）个人日历订阅地址；旧地址随即失效',
  tags: ['meetings'],
  response: z.object({ token: z.string(), url: z.string() }),
});

export const revokeCalendarToken = defineRoute({
  operationId: 'revokeCalendarToken',
  method: 'DELETE',
  path: '/api/v1/meetings/calendar-token',
  summary: '停用个人日历订阅地址',
  tags: ['meetings'],
  response: OkSchema,
});

export const getCalendarFeed = defineRoute({
  operationId: 'getCalendarFeed',
  method: 'GET',
  path: '/api/v1/meetings/calendar.ics',
  summary: '个人会议日历（iCalendar，RFC 5545）；只凭订阅令牌访问',
  tags: ['meetings'],
  query: z.object({ token: z.string().trim().min(1).max(100) }),
  response: z.unknown().describe('text/calendar'),
  isPublic: true,
});

// ——— 早点名会 roll-call rota (AS-13) ———

export const DutyStatusSchema = z.enum(['scheduled', 'attended', 'absent', 'substituted']);
export type DutyStatus = z.infer<typeof DutyStatusSchema>;

export const DutySchema = z.object({
  id: Uuid,
  day: IsoDate,
  slot: z.number().int(),
  positionId: Uuid,
  chiefName: z.string(),
  substitutePositionId: Uuid.nullable(),
  substituteName: z.string().nullable(),
  substituteReason: z.string().nullable(),
  status: DutyStatusSchema,
  checkedInAt: z.string().nullable(),
  /** The caller is the one on duty (the substitute when there is one). */
  isMine: z.boolean(),
});
export type Duty = z.infer<typeof DutySchema>;

export const ChiefRefSchema = z.object({ positionId: Uuid, name: z.string() });

export const RotaSchema = z.object({
  id: Uuid.nullable(),
  nodeId: Uuid,
  nodeName: z.string(),
  month: YearMonth,
  perDay: z.number().int(),
  workingDays: z.array(IsoDate),
  chiefs: z.array(ChiefRefSchema),
  duties: z.array(DutySchema),
  canManage: z.boolean(),
});
export type Rota = z.infer<typeof RotaSchema>;

const RotaQuerySchema = z.object({ nodeId: Uuid, month: YearMonth });
export type RotaQuery = z.infer<typeof RotaQuerySchema>;

export const getRota = defineRoute({
  operationId: 'getRota',
  method: 'GET',
  path: '/api/v1/rollcall/rota',
  summary: '早点名会轮值表（某村/社区某月）',
  tags: ['meetings'],
  query: RotaQuerySchema,
  response: RotaSchema,
});

export const generateRota = defineRoute({
  operationId: 'generateRota',
  method: 'POST',
  path: '/api/v1/rollcall/rota',
  summary: '生成某月轮值表：在职户长轮流（接上月顺序），跳过请假，每个工作日 N 人',
  tags: ['meetings'],
  body: z.object({
    nodeId: Uuid,
    month: YearMonth,
    perDay: z.number().int().min(1, '每日人数至少 1 人').max(20).default(1),
  }),
  response: RotaSchema,
});

export const substituteDuty = defineRoute({
  operationId: 'substituteDuty',
  method: 'POST',
  path: '/api/v1/rollcall/duties/:id/substitute',
  summary: '换班：由另一位户长代班',
  tags: ['meetings'],
  params: IdParams,
  body: z.object({ substitutePositionId: Uuid, reason: z.string().trim().min(1, '请填写换班原因').max(200) }),
  response: DutySchema,
});

export const checkInDuty = defineRoute({
  operationId: 'checkInDuty',
  method: 'POST',
  path: '/api/v1/rollcall/duties/:id/check-in',
  summary: '点名签到：到会、缺席或由代班人到会',
  tags: ['meetings'],
  params: IdParams,
  body: z.object({ status: z.enum(['attended', 'absent', 'substituted']) }),
  response: DutySchema,
});

export const LeaveSchema = z.object({
  id: Uuid,
  positionId: Uuid,
  chiefName: z.string(),
  fromDay: IsoDate,
  toDay: IsoDate,
  reason: z.string().nullable(),
});
export type Leave = z.infer<typeof LeaveSchema>;

export const listLeaves = defineRoute({
  operationId: 'listLeaves',
  method: 'GET',
  path: '/api/v1/rollcall/leaves',
  summary: '户长请假记录（某村/社区某月）',
  tags: ['meetings'],
  query: RotaQuerySchema,
  response: z.object({ items: z.array(LeaveSchema) }),
});

export const recordLeave = defineRoute({
  operationId: 'recordLeave',
  method: 'POST',
  path: '/api/v1/rollcall/leaves',
  summary: '登记户长请假（排班时跳过）',
  tags: ['meetings'],
  body: z.object({
    positionId: Uuid,
    fromDay: IsoDate,
    toDay: IsoDate,
    reason: z.string().trim().max(200).optional(),
  }),
  response: LeaveSchema,
});

export const AttendanceRowSchema = z.object({
  /** The village/community whose rota the duties belong to. */
  nodeId: Uuid,
  nodeName: z.string(),
  positionId: Uuid,
  chiefName: z.string(),
  /** Duties the rota assigned to this 户长. */
  duties: z.number().int(),
  /** Meetings attended in person, own duties and duties covered for others. */
  attended: z.number().int(),
  absent: z.number().int(),
  /** Own duties covered by a substitute. */
  substituted: z.number().int(),
  /** Duties covered for others. */
  covered: z.number().int(),
  /** attended / (attended + absent); null before any check-in. */
  rate: z.number().nullable(),
});
export type AttendanceRow = z.infer<typeof AttendanceRowSchema>;

export const ROLLCALL_REPORT_MONTHS_MAX = 24;

const RollcallReportQuerySchema = z
  .object({ nodeId: Uuid, from: YearMonth, to: YearMonth })
  .refine((q) => q.to >= q.from, { path: ['to'], message: '结束月份应不早于开始月份' })
  .refine(
    (q) => {
      const [fy, fm] = q.from.split('-').map(Number) as [number, number];
      const [ty, tm] = q.to.split('-').map(Number) as [number, number];
      return (ty - fy) * 12 + tm - fm < ROLLCALL_REPORT_MONTHS_MAX;
    },
    { path: ['to'], message: `统计区间最长 ${ROLLCALL_REPORT_MONTHS_MAX} 个月` },
  );
export type RollcallReportQuery = z.infer<typeof RollcallReportQuerySchema>;

export const RollcallReportSchema = z.object({
  nodeName: z.string(),
  from: YearMonth,
  to: YearMonth,
  /** Per village/community with a rota in the period (else the chosen node alone) and its current 户长. */
  rows: z.array(AttendanceRowSchema),
});
export type RollcallReport = z.infer<typeof RollcallReportSchema>;

export const getRollcallReport = defineRoute({
  operationId: 'getRollcallReport',
  method: 'GET',
  path: '/api/v1/rollcall/report',
  summary: '早点名会出勤统计（按户长；某村/社区或街道、区下各村/社区，一个或多个月）',
  tags: ['meetings'],
  query: RollcallReportQuerySchema,
  response: RollcallReportSchema,
});

export const exportRollcallReport = defineRoute({
  operationId: 'exportRollcallReport',
  method: 'GET',
  path: '/api/v1/rollcall/report.xlsx',
  summary: '导出早点名会出勤统计（xlsx，记入审计）',
  tags: ['meetings'],
  query: RollcallReportQuerySchema,
  response: z.unknown().describe('xlsx 文件'),
});
