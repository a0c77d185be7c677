import { sql } from 'kysely';
import { addDays, businessToday } from '../../platform/business-time.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Scheduler } from '../../platform/scheduler/index.ts';
import { notify } from '../notifications/index.ts';
import { formatWhen } from './meetings.service.ts';

export const MEETING_REMINDER_JOB = 'meetings.reminders';
// One pass claims at most this many rows of each kind; the next tick takes the rest.
const BATCH = 500;

export interface ReminderResult {
  meetings: number;
  duties: number;
  suggestions: number;
}

/**
 * D-1 reminders: meetings starting before the end of tomorrow, roll-call duties of today or tomorrow, and
 * suggestions whose reply is due within 2 days. Each row is claimed by a conditional UPDATE of `reminded_at`
 * (skipping rows another run has locked) in the same transaction as its notification, so concurrent runs on
 * several instances never remind twice.
 */
export async function sendReminders(db: Database, now: Date = new Date()): Promise<ReminderResult> {
  const today = businessToday(now);
  const tomorrow = addDays(today, 1);
  const endOfTomorrow = new Date(`${addDays(today, 2)}T00:00:00+08:00`);
  return db.transaction().execute(async (tx) => {
    const meetings = await sql<{
      districtId: string;
      id: string;
      title: string;
      place: string;
      startsAt: Date;
      urgentReason: string | null;
    }>`
      update meeting m set reminded_at = now()
      where (m.district_id, m.id) in (
        select district_id, id from meeting
        where reminded_at is null and cancelled_at is null
          and starts_at > ${now} and starts_at < ${endOfTomorrow}
        order by starts_at
        limit ${BATCH}
        for update skip locked)
        and m.reminded_at is null
      returning m.district_id, m.id, m.title, m.place, m.starts_at, m.urgent_reason`.execute(tx);
    for (const m of meetings.rows) {
      const invited = await tx
        .selectFrom('meetingInvitee')
        .select('userId')
        .where('districtId', '=', m.districtId)
        .where('meetingId', '=', m.id)
        .where('userId', 'is not', null)
        .execute();
      await notify(tx, {
        districtId: m.districtId,
        recipientUserIds: invited.map((i) => i.userId!),
        event: 'meetings.reminder',
        title: `明日会议提醒：${m.title}`,
        body: `${formatWhen(new Date(m.startsAt))}，地点：${m.place}`,
        link: `/meetings/${m.id}`,
        entityType: 'meeting',
        entityId: m.id,
      });
    }

    const duties = await sql<{ districtId: string; id: string; day: string; userId: string | null }>`
      update rollcall_duty d set reminded_at = now()
      from position p
      where (d.district_id, d.id) in (
        select district_id, id from rollcall_duty
        where reminded_at is null and status = 'scheduled' and day between ${today}::date and ${tomorrow}::date
        limit ${BATCH}
        for update skip locked)
        and d.reminded_at is null
        and p.district_id = d.district_id and p.id = coalesce(d.substitute_position_id, d.position_id)
      returning d.district_id, d.id, d.day::text as day, p.holder_user_id as user_id`.execute(tx);
    for (const d of duties.rows) {
      if (!d.userId) continue;
      await notify(tx, {
        districtId: d.districtId,
        recipientUserIds: [d.userId],
        event: 'rollcall.reminder',
        title: `早点名会值班提醒：${d.day}`,
        body: `您是 ${d.day} 早点名会的值班户长，请准时参加并签到。`,
        link: '/meetings/rollcall',
        entityType: 'rollcall_duty',
        entityId: d.id,
      });
    }

    const suggestions = await sql<{
      districtId: string;
      id: string;
      meetingId: string;
      ownerUserId: string;
      content: string;
      dueOn: string;
    }>`
      update meeting_suggestion s set reminded_at = now()
      where (s.district_id, s.id) in (
        select district_id, id from meeting_suggestion
        where reminded_at is null and reply is null and due_on <= ${addDays(today, 2)}::date
        limit ${BATCH}
        for update skip locked)
        and s.reminded_at is null and s.reply is null
      returning s.district_id, s.id, s.meeting_id, s.owner_user_id, s.content, s.due_on::text as due_on`.execute(
      tx,
    );
    for (const s of suggestions.rows) {
      await notify(tx, {
        districtId: s.districtId,
        recipientUserIds: [s.ownerUserId],
        event: 'meetings.suggestion_due',
        title: `建议回复将到期（${s.dueOn}）`,
        body: s.content.slice(0, 200),
        link: `/meetings/${s.meetingId}`,
        entityType: 'meeting_suggestion',
        entityId: s.id,
      });
    }
    return {
      meetings: meetings.rows.length,
      duties: duties.rows.length,
      suggestions: suggestions.rows.length,
    };
  });
}

/** Registers the reminder pass on the shared scheduler; it is idempotent (see `sendReminders`). */
export function scheduleMeetingReminders(
  scheduler: Scheduler,
  deps: { db: Database },
  intervalMs = 5 * 60_000,
): void {
  scheduler.every(MEETING_REMINDER_JOB, intervalMs, async (now) => {
    await sendReminders(deps.db, now);
  });
}
