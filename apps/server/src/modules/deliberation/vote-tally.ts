import { systemAudit } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Scheduler } from '../../platform/scheduler/index.ts';
import { notify } from '../notifications/index.ts';
import { holdersAbove } from '../organisation/index.ts';
import * as repo from './deliberation.repository.ts';
import { applyTopicStep, TWO_COMMITTEES, topicLink } from './deliberation.service.ts';

export const VOTE_TALLY_JOB = 'deliberation.vote_tally';
// One pass tallies at most this many topics; the next tick takes the rest.
const BATCH = 200;

/**
 * Tallies the online votes of every district whose window closed by `now`: for each topic, the same close_vote step
 * the 两委 take by hand (attendance from the ballots, counts, DELIBERATED, audit row by 系统), then tells the
 * community's 两委 a decision can be recorded. Each topic is re-read under its row lock in its own transaction, so a
 * topic tallied meanwhile (by hand or by a concurrent run on another instance) is skipped, never tallied twice.
 */
export async function tallyClosedVotes(
  deps: { db: Database },
  now: Date = new Date(),
): Promise<{ tallied: number }> {
  const due = await repo.onlineVotesDue(deps.db, now, BATCH);
  let tallied = 0;
  for (const { districtId, id } of due) {
    const done = await deps.db.transaction().execute(async (tx) => {
      const row = await repo.lockTopic(tx, districtId, id);
      const stillDue =
        row?.state === 'SCHEDULED' &&
        row.mode === 'online' &&
        !row.decidedAt &&
        row.voteClosesAt !== null &&
        new Date(row.voteClosesAt) <= now;
      if (!stillDue) return false;
      await applyTopicStep(tx, systemAudit(districtId), row, 'close_vote', ['system'], {}, now);
      const tallied = (await repo.findTopic(tx, districtId, id))!;
      await notify(tx, {
        districtId,
        recipientUserIds: await holdersAbove(tx, districtId, row.communityPath, TWO_COMMITTEES),
        event: 'topic.vote_tallied',
        title: `线上表决已截止：${row.title}`,
        body: `${tallied.presentCount ?? 0}/${tallied.memberCount ?? 0} 名成员参与表决（赞成 ${tallied.votesFor ?? 0}、反对 ${tallied.votesAgainst ?? 0}、弃权 ${tallied.votesAbstain ?? 0}），系统已计票，请登记集体决定。`,
        link: topicLink(id),
        entityType: 'topic',
        entityId: id,
      });
      return true;
    });
    if (done) tallied++;
  }
  return { tallied };
}

/** Runs the tally every minute on the scheduler; the lease keeps two instances from overlapping. */
export function scheduleVoteTally(scheduler: Scheduler, deps: { db: Database }, intervalMs = 60_000): void {
  scheduler.every(VOTE_TALLY_JOB, intervalMs, async (now) => {
    await tallyClosedVotes(deps, now);
  });
}
