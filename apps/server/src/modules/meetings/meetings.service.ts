import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { AddAmendmentBody } from '@gongzhi/contract/deliberation';
import {
  type CheckInBody,
  type CreateMeetingBody,
  type ListMeetingsQuery,
  MEETING_KIND_LABELS,
  MEETING_LIMITS,
  type MeetingDetail,
  type MeetingKind,
  type MeetingSummary,
  type Recurrence,
  type Suggestion,
} from '@gongzhi/contract/meetings';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { POSITION_KINDS } from '../../platform/access/positions.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { loadPositions } from '../../platform/auth/session.ts';
import { addDays, businessToday } from '../../platform/business-time.ts';
import { workingCalendar } from '../../platform/calendar/index.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import {
  addAmendmentTo,
  createTopicFromSuggestion,
  listAmendments,
  topicsOfSuggestions,
} from '../deliberation/index.ts';
import { notify } from '../notifications/index.ts';
import { renderCalendar } from './ical.ts';
import { canManageAt, canViewAt, requireManage, requireMeetingsPermission } from './meetings.policy.ts';
import { toInvitee, toRecurrence, toSuggestion, toSummary } from './meetings.presenter.ts';
import * as repo from './meetings.repository.ts';
import { atDay, occurrenceDays, shanghaiDay } from './recurrence.ts';

const DAY_MS = 86_400_000;
const RECORD_CLOSED = '会议已结束，记录不能修改，请提交更正说明';
const CODE_ATTEMPTS_MAX = 5;
const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "12月3日 08:00" in business time, for notices. */
export function formatWhen(at: Date): string {
  return timeFormat.format(at);
}

const newToken = () => randomBytes(24).toString('base64url');
const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Lists the meetings starting in [from, to] (business days) that the caller may see: those of her
 * subtrees plus the ones she is invited to or organises.
 * @throws VALIDATION_FAILED when the range is reversed or longer than 190 days
 * @throws NOT_FOUND when `nodeId` is outside the caller's scope
 */
export async function listMeetings(
  db: Database,
  ctx: RequestContext,
  q: ListMeetingsQuery,
): Promise<{ items: MeetingSummary[] }> {
  if (q.to < q.from) throw invalid('to', '结束日期应不早于开始日期');
  if (Date.parse(q.to) - Date.parse(q.from) > MEETING_LIMITS.rangeDaysMax * DAY_MS) {
    throw invalid('to', `查询范围不超过 ${MEETING_LIMITS.rangeDaysMax} 天`);
  }
  let underPath: string | undefined;
  if (q.nodeId) {
    const node = await repo.findNode(db, ctx.districtId, q.nodeId);
    if (!node || !canViewAt(ctx.actor, node.path)) throw notFound('节点');
    underPath = node.path;
  }
  const rows = await meetingsVisibleTo(db, ctx.districtId, ctx.actor, {
    from: shanghaiMidnight(q.from),
    to: shanghaiMidnight(addDays(q.to, 1)),
    underPath,
    kind: q.kind,
  });
  return { items: rows.map(toSummary) };
}

function shanghaiMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

async function meetingsVisibleTo(
  db: Executor,
  districtId: string,
  actor: Actor,
  q: { from: Date; to: Date; underPath?: string; kind?: string },
) {
  const view = scopeOf(actor, 'meetings.view');
  const manage = scopeOf(actor, 'meetings.manage');
  return repo.listMeetings(db, districtId, {
    ...q,
    everywhere: view.everywhere || manage.everywhere,
    paths: [...view.paths, ...manage.paths],
    userId: actor.userId,
    limit: 2000,
  });
}

/**
 * Schedules a meeting, or every occurrence of a recurring one, invites users and positions and sends the
 * notice. A meeting starting in less than 3 days needs `urgentReason` (紧急通知).
 * @throws FORBIDDEN without meetings.manage
 * @throws NOT_FOUND when the node is outside the caller's scope
 * @throws VALIDATION_FAILED for times, invitees, the organiser or the recurrence
 */
export async function createMeeting(
  db: Database,
  ctx: RequestContext,
  body: CreateMeetingBody,
  now = new Date(),
): Promise<{ items: MeetingSummary[] }> {
  requireMeetingsPermission(ctx.actor, 'meetings.manage');
  const node = await repo.findNode(db, ctx.districtId, body.nodeId);
  if (!node || !canManageAt(ctx.actor, node.path)) throw notFound('节点');
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (endsAt <= startsAt) throw invalid('endsAt', '结束时间应晚于开始时间');
  if (endsAt.getTime() - startsAt.getTime() > DAY_MS) throw invalid('endsAt', '会议时长不超过 24 小时');
  if (startsAt <= now) throw invalid('startsAt', '开始时间应晚于当前时间');
  const isShortNotice = startsAt.getTime() - now.getTime() < MEETING_LIMITS.noticeDays * DAY_MS;
  if (isShortNotice && !body.urgentReason) {
    throw invalid('urgentReason', `距开会不足 ${MEETING_LIMITS.noticeDays} 天，请填写紧急通知的原因`);
  }
  const organiserUserId = body.organiserUserId ?? ctx.actor.userId;
  if (organiserUserId !== ctx.actor.userId) {
    const [organiser] = await repo.usersInDistrict(db, ctx.districtId, [organiserUserId]);
    if (!organiser) throw invalid('organiserUserId', '组织者账号不存在或不在本区县');
  }
  const invitees = await resolveInvitees(db, ctx.districtId, node.path, body);

  const firstDay = shanghaiDay(startsAt);
  let days = [firstDay];
  if (body.recurrence) {
    if (body.recurrence.until < firstDay)
      throw invalid('recurrence.until', '重复截止日期应不早于首次开会日期');
    if (Date.parse(body.recurrence.until) - Date.parse(firstDay) > 366 * DAY_MS) {
      throw invalid('recurrence.until', '重复安排最长一年');
    }
    days = occurrenceDays(
      firstDay,
      body.recurrence,
      workingCalendar.isWorkingDay,
      MEETING_LIMITS.occurrencesMax,
    );
    if (days.length === 0) throw invalid('recurrence', '按该规则在截止日期前没有可安排的日期');
  }
  const seriesId = body.recurrence ? randomUUID() : null;
  const urgentReason = isShortNotice ? (body.urgentReason ?? null) : null;

  const ids = await db.transaction().execute(async (tx) => {
    const created = await insertOccurrences(tx, days, invitees, now, {
      districtId: ctx.districtId,
      seriesId,
      nodeId: node.id,
      nodePath: node.path,
      kind: body.kind,
      title: body.title,
      place: body.place,
      organiserUserId,
      startsAt,
      endsAt,
      agenda: body.agenda,
      recurrence: body.recurrence ?? null,
      urgentReason,
      createdBy: ctx.actor.userId,
    });
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.create',
      entityType: 'meeting',
      entityId: created[0]!,
      detail: {
        kind: body.kind,
        title: body.title,
        nodeName: node.name,
        startsAt: startsAt.toISOString(),
        occurrences: created.length,
        seriesId,
        invitees: invitees.length,
        urgentReason,
      },
    });
    const label = urgentReason ? '紧急通知' : '会议通知';
    const repeat = body.recurrence ? `（共 ${created.length} 次，至 ${days[days.length - 1]}）` : '';
    await notify(tx, {
      districtId: ctx.districtId,
      recipientUserIds: invitees.flatMap((i) => (i.userId ? [i.userId] : [])),
      event: 'meetings.notice',
      title: `${label}：${body.title}`,
      body: `${MEETING_KIND_LABELS[body.kind]}，${formatWhen(startsAt)}，地点：${body.place}${repeat}${
        urgentReason ? `。紧急原因：${urgentReason}` : ''
      }`,
      link: `/meetings/${created[0]}`,
      entityType: 'meeting',
      entityId: created[0]!,
    });
    return created;
  });
  const rows = await Promise.all(ids.map((id) => repo.findMeeting(db, ctx.districtId, id)));
  return { items: rows.map((r) => toSummary(r!)) };
}

type OccurrenceTemplate = Omit<
  repo.NewMeeting,
  'checkInToken' | 'checkInCode' | 'remindedAt' | 'startsAt' | 'endsAt'
> & { startsAt: Date; endsAt: Date };

/**
 * Inserts one meeting per day at the template's times of day, each with its own check-in token and code and
 * the invitees. Only the first day keeps the urgent reason: later ones are announced by the same notice.
 */
async function insertOccurrences(
  tx: Executor,
  days: readonly string[],
  invitees: readonly repo.NewInvitee[],
  now: Date,
  template: OccurrenceTemplate,
): Promise<string[]> {
  const created: string[] = [];
  for (const day of days) {
    const id = await repo.insertMeeting(tx, {
      ...template,
      startsAt: atDay(template.startsAt, day),
      endsAt: atDay(template.endsAt, day),
      urgentReason: day === days[0] ? template.urgentReason : null,
      checkInToken: newToken(),
      checkInCode: newCode(),
      // A notice sent the day before (or the same day) already is the D-1 reminder.
      remindedAt: day <= addDays(businessToday(now), 1) ? now : null,
    });
    await repo.insertInvitees(tx, template.districtId, id, invitees);
    created.push(id);
  }
  return created;
}

/**
 * Extends a recurring meeting past its last occurrence by the same rule, up to `until` (at most a year further),
 * with the last occurrence's place, agenda and invitees, and tells the invitees.
 * @throws NOT_FOUND / FORBIDDEN by scope; CONFLICT for a meeting that does not repeat;
 *   VALIDATION_FAILED when `until` is not after the last occurrence or the rule gives no new day
 */
export async function extendSeries(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: { until: string },
  now = new Date(),
): Promise<{ items: MeetingSummary[] }> {
  const ids = await db.transaction().execute(async (tx) => {
    const m = await manageableMeeting(tx, ctx, id);
    const rule = m.recurrence as Recurrence | null;
    if (!m.seriesId || !rule) throw new AppError('CONFLICT', '这不是重复会议，不能续排');
    const last = await repo.lastOfSeries(tx, ctx.districtId, m.seriesId);
    const lastDay = shanghaiDay(last.startsAt);
    if (body.until <= lastDay) throw invalid('until', `续排截止日期应晚于系列最后一次（${lastDay}）`);
    if (Date.parse(body.until) - Date.parse(lastDay) > 366 * DAY_MS) {
      throw invalid('until', '一次续排最长一年');
    }
    const days = occurrenceDays(
      lastDay,
      { ...rule, until: body.until },
      workingCalendar.isWorkingDay,
      MEETING_LIMITS.occurrencesMax + 1,
    ).filter((d) => d > lastDay && d > businessToday(now));
    if (days.length === 0) throw invalid('until', '按原规则在该日期前没有新的开会日期');
    const template = (await repo.findMeeting(tx, ctx.districtId, last.id))!;
    const invitees = (await repo.invitees(tx, ctx.districtId, last.id)).map((i) => ({
      userId: i.userId,
      positionId: i.positionId,
      name: i.name,
    }));
    const created = await insertOccurrences(tx, days, invitees, now, {
      districtId: ctx.districtId,
      seriesId: m.seriesId,
      nodeId: template.nodeId,
      nodePath: template.nodePath,
      kind: template.kind,
      title: template.title,
      place: template.place,
      organiserUserId: template.organiserUserId,
      startsAt: last.startsAt,
      endsAt: last.endsAt,
      agenda: template.agenda as string[],
      recurrence: { ...rule, until: body.until },
      urgentReason: null,
      createdBy: ctx.actor.userId,
    });
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.extend_series',
      entityType: 'meeting',
      entityId: id,
      detail: {
        title: m.title,
        seriesId: m.seriesId,
        from: days[0],
        until: body.until,
        occurrences: created.length,
      },
    });
    await notify(tx, {
      districtId: ctx.districtId,
      recipientUserIds: invitees.flatMap((i) => (i.userId ? [i.userId] : [])),
      event: 'meetings.notice',
      title: `会议续排：${m.title}`,
      body: `${MEETING_KIND_LABELS[m.kind as MeetingKind]}按原规则续排 ${created.length} 次（${days[0]} 至 ${days[days.length - 1]}），地点：${template.place}`,
      link: `/meetings/${created[0]}`,
      entityType: 'meeting',
      entityId: created[0]!,
    });
    return created;
  });
  const rows = await Promise.all(ids.map((i) => repo.findMeeting(db, ctx.districtId, i)));
  return { items: rows.map((r) => toSummary(r!)) };
}

async function resolveInvitees(
  db: Executor,
  districtId: string,
  nodePath: string,
  body: CreateMeetingBody,
): Promise<repo.NewInvitee[]> {
  const badKind = body.inviteePositionKinds.find((k) => !(POSITION_KINDS as readonly string[]).includes(k));
  if (badKind) throw invalid('inviteePositionKinds', `职务类型不正确：${badKind}`);
  const users = await repo.usersInDistrict(db, districtId, [...new Set(body.inviteeUserIds)]);
  if (users.length !== new Set(body.inviteeUserIds).size) {
    throw invalid('inviteeUserIds', '受邀人账号不存在或不在本区县');
  }
  const positions = await repo.positionsByIds(db, districtId, [...new Set(body.inviteePositionIds)]);
  if (positions.length !== new Set(body.inviteePositionIds).size) {
    throw invalid('inviteePositionIds', '受邀职务不存在或已卸任');
  }
  const byKind = await repo.positionsUnder(db, districtId, nodePath, body.inviteePositionKinds);
  const out: repo.NewInvitee[] = [];
  const seenUsers = new Set<string>();
  const seenPositions = new Set<string>();
  for (const u of users) {
    seenUsers.add(u.id);
    out.push({ userId: u.id, positionId: null, name: u.displayName.slice(0, 50) });
  }
  for (const p of [...positions, ...byKind]) {
    if (seenPositions.has(p.id) || (p.holderUserId && seenUsers.has(p.holderUserId))) continue;
    seenPositions.add(p.id);
    if (p.holderUserId) seenUsers.add(p.holderUserId);
    out.push({ userId: p.holderUserId, positionId: p.id, name: p.holderName });
  }
  if (out.length > MEETING_LIMITS.invitesMax) {
    throw invalid('inviteeUserIds', `受邀人不超过 ${MEETING_LIMITS.invitesMax} 人`);
  }
  return out;
}

/** The meeting if the caller may see it (scope, organiser or invitee); 404 otherwise. */
async function visibleMeeting(db: Executor, ctx: RequestContext, id: string) {
  const m = await repo.findMeeting(db, ctx.districtId, id);
  if (!m) throw notFound('会议');
  const invitees = await repo.invitees(db, ctx.districtId, id);
  const mine = invitees.find((i) => i.userId === ctx.actor.userId) ?? null;
  const isVisible =
    canViewAt(ctx.actor, m.nodePath) || m.organiserUserId === ctx.actor.userId || mine !== null;
  if (!isVisible) throw notFound('会议');
  return { m, invitees, mine };
}

async function manageableMeeting(db: Executor, ctx: RequestContext, id: string) {
  const m = await repo.findMeeting(db, ctx.districtId, id);
  if (!m) throw notFound('会议');
  if (canManageAt(ctx.actor, m.nodePath)) return m;
  const invitees = await repo.invitees(db, ctx.districtId, id);
  const isVisible =
    m.organiserUserId === ctx.actor.userId || invitees.some((i) => i.userId === ctx.actor.userId);
  requireManage(ctx.actor, m.nodePath, isVisible || canViewAt(ctx.actor, m.nodePath), '会议');
  return m;
}

/**
 * One meeting with agenda, invitees and attendance, minutes and suggestions; the check-in token and code only
 * for those who manage it.
 * @throws NOT_FOUND when the meeting is in another district or the caller may not see it
 */
export async function getMeeting(db: Executor, ctx: RequestContext, id: string): Promise<MeetingDetail> {
  const { m, invitees, mine } = await visibleMeeting(db, ctx, id);
  const suggestions = await repo.suggestions(db, ctx.districtId, id);
  const topics = await topicsOfSuggestions(
    db,
    ctx.districtId,
    suggestions.map((s) => s.id),
  );
  const amendments = await listAmendments(db, ctx.districtId, { kind: 'meeting', id });
  const today = businessToday();
  const canManage = canManageAt(ctx.actor, m.nodePath);
  const items: Suggestion[] = suggestions.map((s) => toSuggestion(s, today, topics.get(s.id) ?? null));
  return {
    ...toSummary(m),
    organiserUserId: m.organiserUserId,
    organiserName: m.organiserName,
    agenda: m.agenda as string[],
    recurrence: toRecurrence(m.recurrence),
    urgentReason: m.urgentReason,
    invitees: invitees.map(toInvitee),
    attendedCount: invitees.filter((i) => i.attendance === 'attended').length,
    minutes: m.minutes,
    decisions: m.decisions as string[],
    suggestions: items,
    repliedCount: items.filter((s) => s.reply !== null).length,
    suggestionCount: items.length,
    checkIn: canManage
      ? {
          token: m.checkInToken,
          code: m.checkInCode,
          opensAt: new Date(m.startsAt.getTime() - MEETING_LIMITS.checkInOpensMinutes * 60_000).toISOString(),
          closesAt: m.endsAt.toISOString(),
        }
      : null,
    canManage,
    closedAt: m.closedAt ? new Date(m.closedAt).toISOString() : null,
    amendments: amendments.map((a) => ({ ...a, createdAt: new Date(a.createdAt).toISOString() })),
    myInviteeId: mine?.id ?? null,
  };
}

/**
 * Cancels a meeting and tells the invitees.
 * @throws NOT_FOUND / FORBIDDEN by scope; CONFLICT when already cancelled
 */
export async function cancelMeeting(
  db: Database,
  ctx: RequestContext,
  id: string,
  reason: string,
): Promise<MeetingDetail> {
  await db.transaction().execute(async (tx) => {
    const m = await manageableMeeting(tx, ctx, id);
    const locked = await repo.lockMeeting(tx, ctx.districtId, id);
    if (locked?.cancelledAt) throw new AppError('CONFLICT', '会议已取消');
    await repo.markCancelled(tx, ctx.districtId, id);
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.cancel',
      entityType: 'meeting',
      entityId: id,
      reason,
      detail: { title: m.title },
    });
    const invitees = await repo.invitees(tx, ctx.districtId, id);
    await notify(tx, {
      districtId: ctx.districtId,
      recipientUserIds: invitees.flatMap((i) => (i.userId ? [i.userId] : [])),
      event: 'meetings.cancelled',
      title: `会议取消：${m.title}`,
      body: `原定 ${formatWhen(m.startsAt)} 的会议已取消。原因：${reason}`,
      link: `/meetings/${id}`,
      entityType: 'meeting',
      entityId: id,
    });
  });
  return getMeeting(db, ctx, id);
}

/**
 * Check-in of the caller by the meeting's QR token or its 6-digit code, from an hour before the start to the end.
 * @throws NOT_FOUND for an unknown token or wrong code; RATE_LIMITED after 5 wrong codes;
 *   FORBIDDEN when the caller is not invited; CONFLICT when the meeting is cancelled or check-in is not open
 */
export async function checkIn(
  db: Database,
  ctx: RequestContext,
  body: CheckInBody,
  now = new Date(),
): Promise<{ meetingId: string; title: string; checkedInAt: string }> {
  const via = 'token' in body ? 'qr' : 'code';
  const m =
    'token' in body
      ? await repo.findMeetingByToken(db, ctx.districtId, body.token)
      : await meetingByCode(db, ctx, body.meetingId, body.code);
  if (!m) throw new AppError('NOT_FOUND', '签到码无效，请向会议组织者核对');
  if (m.cancelledAt) throw new AppError('CONFLICT', '会议已取消，无需签到');
  const opensAt = m.startsAt.getTime() - MEETING_LIMITS.checkInOpensMinutes * 60_000;
  if (now.getTime() < opensAt)
    throw new AppError('CONFLICT', `签到尚未开始（开会前 ${MEETING_LIMITS.checkInOpensMinutes} 分钟开放）`);
  if (now > m.endsAt || m.closedAt) throw new AppError('CONFLICT', '会议已结束，签到已关闭');
  return db.transaction().execute(async (tx) => {
    const row = await repo.checkInUser(tx, ctx.districtId, m.id, ctx.actor.userId, via);
    if (!row) throw forbidden('您不在本次会议的受邀名单中，请联系组织者');
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.check_in',
      entityType: 'meeting',
      entityId: m.id,
      detail: { via, inviteeId: row.id },
    });
    return { meetingId: m.id, title: m.title, checkedInAt: new Date(row.checkedInAt!).toISOString() };
  });
}

/** Six digits can be guessed: after a few wrong codes the user must scan the QR code or ask the organiser. */
async function meetingByCode(db: Database, ctx: RequestContext, meetingId: string, code: string) {
  const m = await repo.findMeeting(db, ctx.districtId, meetingId);
  if (!m) return undefined;
  if ((await repo.failedCodeAttempts(db, ctx.districtId, m.id, ctx.actor.userId)) >= CODE_ATTEMPTS_MAX) {
    throw new AppError('RATE_LIMITED', '签到码输错次数过多，请扫码签到或请组织者登记');
  }
  if (m.checkInCode === code) return m;
  await recordAudit(db, ctx.audit, {
    action: 'meetings.check_in',
    entityType: 'meeting',
    entityId: m.id,
    outcome: 'failed',
    reason: '签到码错误',
  });
  return undefined;
}

/**
 * The organiser ticks who attended (or was absent, or clears the mark).
 * @throws NOT_FOUND / FORBIDDEN by scope; NOT_FOUND for an invitee of another meeting
 */
export async function recordAttendance(
  db: Database,
  ctx: RequestContext,
  id: string,
  entries: { inviteeId: string; attendance: 'attended' | 'absent' | null }[],
): Promise<MeetingDetail> {
  await db.transaction().execute(async (tx) => {
    await manageableMeeting(tx, ctx, id);
    if ((await repo.lockMeeting(tx, ctx.districtId, id))?.closedAt)
      throw new AppError('CONFLICT', RECORD_CLOSED);
    for (const e of entries) {
      const n = await repo.setAttendance(tx, ctx.districtId, id, e.inviteeId, e.attendance);
      if (n === 0) throw notFound('受邀人');
    }
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.attendance',
      entityType: 'meeting',
      entityId: id,
      detail: { entries },
    });
  });
  return getMeeting(db, ctx, id);
}

/**
 * Saves minutes and decisions; each new suggestion becomes an item with a reply owner and due date, and its
 * owner is notified (件件有回复).
 * @throws NOT_FOUND / FORBIDDEN by scope; VALIDATION_FAILED for an unknown owner or past due date;
 *   CONFLICT when feedback is already complete and new suggestions are added
 */
export async function saveMinutes(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: {
    minutes: string;
    decisions: string[];
    newSuggestions: { content: string; raisedBy?: string; ownerUserId: string; dueOn: string }[];
  },
): Promise<MeetingDetail> {
  await manageableMeeting(db, ctx, id);
  const owners = [...new Set(body.newSuggestions.map((s) => s.ownerUserId))];
  const found = await repo.usersInDistrict(db, ctx.districtId, owners);
  if (found.length !== owners.length) throw invalid('newSuggestions', '回复责任人账号不存在或不在本区县');
  const today = businessToday();
  if (body.newSuggestions.some((s) => s.dueOn < today)) {
    throw invalid('newSuggestions', '回复期限不能早于今天');
  }
  await db.transaction().execute(async (tx) => {
    const m = await manageableMeeting(tx, ctx, id);
    const locked = await repo.lockMeeting(tx, ctx.districtId, id);
    if (locked?.closedAt) throw new AppError('CONFLICT', RECORD_CLOSED);
    if (locked?.feedbackCompletedAt && body.newSuggestions.length > 0) {
      throw new AppError('CONFLICT', '该会议已标记反馈完成，不能再添加意见建议');
    }
    const { total } = await repo.unrepliedCount(tx, ctx.districtId, id);
    if (total + body.newSuggestions.length > MEETING_LIMITS.suggestionsMax) {
      throw invalid('newSuggestions', `每次会议的意见建议不超过 ${MEETING_LIMITS.suggestionsMax} 条`);
    }
    await repo.updateMinutes(tx, ctx.districtId, id, body.minutes, body.decisions);
    const created = await repo.insertSuggestions(
      tx,
      ctx.districtId,
      id,
      body.newSuggestions.map((s) => ({
        content: s.content,
        raisedBy: s.raisedBy || null,
        ownerUserId: s.ownerUserId,
        dueOn: s.dueOn,
      })),
    );
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.minutes_save',
      entityType: 'meeting',
      entityId: id,
      detail: { decisions: body.decisions.length, newSuggestions: created.length },
    });
    for (const owner of owners) {
      const mineCount = body.newSuggestions.filter((s) => s.ownerUserId === owner).length;
      await notify(tx, {
        districtId: ctx.districtId,
        recipientUserIds: [owner],
        event: 'meetings.suggestion_assigned',
        title: `待回复建议 ${mineCount} 条：${m.title}`,
        body: `请在期限前逐条回复（件件有回复）。`,
        link: `/meetings/${id}`,
        entityType: 'meeting',
        entityId: id,
      });
    }
  });
  return getMeeting(db, ctx, id);
}

/**
 * Replies to one suggestion: its owner or whoever manages the meeting.
 * @throws NOT_FOUND when not visible; FORBIDDEN when visible but not the owner or a manager;
 *   CONFLICT once the meeting's feedback is complete
 */
export async function replySuggestion(
  db: Database,
  ctx: RequestContext,
  suggestionId: string,
  reply: string,
): Promise<Suggestion> {
  const { s } = await answerableSuggestion(db, ctx, suggestionId);
  await db.transaction().execute(async (tx) => {
    const locked = await repo.lockMeeting(tx, ctx.districtId, s.meetingId);
    if (locked?.feedbackCompletedAt) throw new AppError('CONFLICT', '该会议已标记反馈完成，回复不能再修改');
    await repo.replyToSuggestion(tx, ctx.districtId, suggestionId, reply, ctx.actor.userId);
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.suggestion_reply',
      entityType: 'meeting_suggestion',
      entityId: suggestionId,
      detail: { meetingId: s.meetingId, isUpdate: s.reply !== null },
    });
  });
  return presentSuggestion(db, ctx, s.meetingId, suggestionId);
}

/** The suggestion and its meeting if the caller may answer it: its owner, or whoever manages the meeting. */
async function answerableSuggestion(db: Executor, ctx: RequestContext, suggestionId: string) {
  const s = await repo.findSuggestion(db, ctx.districtId, suggestionId);
  if (!s) throw notFound('意见建议');
  const m = await repo.findMeeting(db, ctx.districtId, s.meetingId);
  if (!m) throw notFound('意见建议');
  if (s.ownerUserId !== ctx.actor.userId) {
    let isVisible = canViewAt(ctx.actor, m.nodePath) || m.organiserUserId === ctx.actor.userId;
    if (!isVisible) {
      const invitees = await repo.invitees(db, ctx.districtId, s.meetingId);
      isVisible = invitees.some((i) => i.userId === ctx.actor.userId);
    }
    requireManage(ctx.actor, m.nodePath, isVisible, '意见建议');
  }
  return { s, m };
}

async function presentSuggestion(db: Executor, ctx: RequestContext, meetingId: string, suggestionId: string) {
  const all = await repo.suggestions(db, ctx.districtId, meetingId);
  const topics = await topicsOfSuggestions(db, ctx.districtId, [suggestionId]);
  return toSuggestion(
    all.find((x) => x.id === suggestionId)!,
    businessToday(),
    topics.get(suggestionId) ?? null,
  );
}

/**
 * Raises a deliberation topic (PROPOSED, for 两委's review) from a meeting's suggestion; the suggestion's reply
 * says so, so it counts as answered.
 * @throws NOT_FOUND / FORBIDDEN as for a reply; CONFLICT when already raised or the meeting's feedback is complete;
 *   VALIDATION_FAILED when the meeting is not inside a community
 */
export async function raiseTopicFromSuggestion(
  db: Database,
  ctx: RequestContext,
  suggestionId: string,
): Promise<{ suggestion: Suggestion; topicId: string }> {
  const { s, m } = await answerableSuggestion(db, ctx, suggestionId);
  const topicId = await db.transaction().execute(async (tx) => {
    const locked = await repo.lockMeeting(tx, ctx.districtId, s.meetingId);
    if (locked?.feedbackCompletedAt) throw new AppError('CONFLICT', '该会议已标记反馈完成，回复不能再修改');
    const topic = await createTopicFromSuggestion(tx, ctx.audit, {
      suggestionId,
      nodeId: m.nodeId,
      title: `${m.title}建议${s.seq}`,
      description: s.content,
      proposerUserId: ctx.actor.userId,
      proposerName: ctx.actor.displayName,
    });
    const note = `已转为协商议题“${topic.title}”，由社区两委审事。`;
    const reply = (s.reply ? `${s.reply}\n${note}` : note).slice(0, 2000);
    await repo.replyToSuggestion(tx, ctx.districtId, suggestionId, reply, ctx.actor.userId);
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.suggestion_topic',
      entityType: 'meeting_suggestion',
      entityId: suggestionId,
      detail: { meetingId: s.meetingId, topicId: topic.id },
    });
    return topic.id;
  });
  return { suggestion: await presentSuggestion(db, ctx, s.meetingId, suggestionId), topicId };
}

/**
 * Closes the meeting's record: from then on minutes and attendance are append-only (corrections as amendments).
 * @throws NOT_FOUND / FORBIDDEN by scope; CONFLICT when cancelled, not yet started or already closed
 */
export async function closeMeeting(
  db: Database,
  ctx: RequestContext,
  id: string,
  now = new Date(),
): Promise<MeetingDetail> {
  await db.transaction().execute(async (tx) => {
    const m = await manageableMeeting(tx, ctx, id);
    const locked = await repo.lockMeeting(tx, ctx.districtId, id);
    if (locked?.cancelledAt) throw new AppError('CONFLICT', '会议已取消，无需结束');
    if (locked?.closedAt) throw new AppError('CONFLICT', '会议已结束');
    if (m.startsAt > now) throw new AppError('CONFLICT', '会议尚未开始，不能结束');
    await repo.markClosed(tx, ctx.districtId, id);
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.close',
      entityType: 'meeting',
      entityId: id,
      detail: { title: m.title },
    });
  });
  return getMeeting(db, ctx, id);
}

/**
 * Appends a correction (author, time, what it corrects) to a closed meeting's record.
 * @throws NOT_FOUND / FORBIDDEN by scope; CONFLICT while the meeting is not closed (edit the minutes instead)
 */
export async function addAmendment(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: AddAmendmentBody,
): Promise<MeetingDetail> {
  await db.transaction().execute(async (tx) => {
    await manageableMeeting(tx, ctx, id);
    const locked = await repo.lockMeeting(tx, ctx.districtId, id);
    if (!locked?.closedAt) throw new AppError('CONFLICT', '会议尚未结束，纪要还可以直接修改，无需更正说明');
    await addAmendmentTo(tx, ctx.audit, { kind: 'meeting', id }, body);
  });
  return getMeeting(db, ctx, id);
}

/**
 * Marks 反馈完成 once every suggestion has a reply.
 * @throws NOT_FOUND / FORBIDDEN by scope; CONFLICT with the reply rate while some are unanswered, or when done
 */
export async function completeFeedback(
  db: Database,
  ctx: RequestContext,
  id: string,
): Promise<MeetingDetail> {
  await db.transaction().execute(async (tx) => {
    await manageableMeeting(tx, ctx, id);
    const locked = await repo.lockMeeting(tx, ctx.districtId, id);
    if (locked?.feedbackCompletedAt) throw new AppError('CONFLICT', '该会议已标记反馈完成');
    const { open, total } = await repo.unrepliedCount(tx, ctx.districtId, id);
    if (open > 0) {
      throw new AppError(
        'CONFLICT',
        `还有 ${open} 条意见建议未回复（回复率 ${total - open}/${total}），全部回复后才能标记反馈完成`,
      );
    }
    await repo.markFeedbackComplete(tx, ctx.districtId, id);
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.feedback_complete',
      entityType: 'meeting',
      entityId: id,
      detail: { suggestions: total },
    });
  });
  return getMeeting(db, ctx, id);
}

/**
 * Creates or replaces the caller's calendar-feed token; the old URL stops working. Only the hash is stored.
 */
export async function rotateCalendarToken(
  db: Database,
  ctx: RequestContext,
): Promise<{ token: string; url: string }> {
  const token = newToken();
  await db.transaction().execute(async (tx) => {
    await repo.upsertFeedToken(tx, ctx.districtId, ctx.actor.userId, hashToken(token));
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.calendar_token_rotate',
      entityType: 'app_user',
      entityId: ctx.actor.userId,
    });
  });
  return { token, url: `/api/v1/meetings/calendar.ics?token=${token}` };
}

/** @throws NOT_FOUND when the caller has no feed token */
export async function revokeCalendarToken(db: Database, ctx: RequestContext): Promise<{ ok: true }> {
  await db.transaction().execute(async (tx) => {
    if ((await repo.deleteFeedToken(tx, ctx.districtId, ctx.actor.userId)) === 0) {
      throw notFound('日历订阅地址');
    }
    await recordAudit(tx, ctx.audit, {
      action: 'meetings.calendar_token_revoke',
      entityType: 'app_user',
      entityId: ctx.actor.userId,
    });
  });
  return { ok: true };
}

/**
 * The iCalendar feed of the token's owner: the meetings she may see and her roll-call duties (all-day events),
 * from 90 days back to 190 days ahead.
 * @throws NOT_FOUND for an unknown or revoked token
 */
export async function calendarFeed(db: Database, token: string, now = new Date()): Promise<string> {
  const feed = await repo.findFeed(db, hashToken(token));
  if (!feed) throw new AppError('NOT_FOUND', '日历订阅地址无效或已更换');
  const actor: Actor = {
    userId: feed.userId,
    username: feed.username,
    displayName: feed.displayName,
    isSuperuser: feed.isSuperuser,
    districtId: feed.districtId,
    positions: await loadPositions(db, feed.userId, feed.districtId),
  };
  const rows = await meetingsVisibleTo(db, feed.districtId, actor, {
    from: new Date(now.getTime() - 90 * DAY_MS),
    to: new Date(now.getTime() + MEETING_LIMITS.rangeDaysMax * DAY_MS),
  });
  const duties = await repo.dutiesOfUser(
    db,
    feed.districtId,
    feed.userId,
    addDays(businessToday(now), -90),
    addDays(businessToday(now), MEETING_LIMITS.rangeDaysMax),
  );
  return renderCalendar(
    `共治会议 - ${feed.displayName}`,
    [
      ...duties.map((d) => ({
        uid: `${d.id}@gongzhi`,
        day: d.day,
        summary: `早点名会值班${d.substitutePositionId ? '（代班）' : ''}`,
        location: d.nodeName,
      })),
      ...rows.map((m) => ({
        uid: `${m.id}@gongzhi`,
        start: m.startsAt,
        end: m.endsAt,
        summary: `${m.urgentReason ? '【紧急】' : ''}${m.title}`,
        location: m.place,
        description: `${MEETING_KIND_LABELS[m.kind as MeetingKind]}，${m.nodeName}`,
        isCancelled: m.cancelledAt !== null,
      })),
    ],
    now,
  );
}
