import type { PartyLesson } from '@gongzhi/contract/duty-reports';
import { canAtNode } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { businessToday } from '../../platform/business-time.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { requireEvaluateScope } from './duty-reports.policy.ts';
import * as repo from './party-lessons.repository.ts';

function present(r: repo.LessonRow): PartyLesson {
  const { orgNodePath: _, ...rest } = r;
  return { ...rest, average: r.average === null ? null : Math.round(r.average * 100) / 100 };
}

/** The organisation, which any user of the district may see; 404 when it is another district's. */
async function orgOf(db: Database, ctx: RequestContext, orgId: string) {
  const org = await repo.findOrg(db, ctx.districtId, orgId);
  if (!org) throw notFound('党组织');
  return org;
}

/** Lessons are kept by the 两委 of the organisation's place (duty.evaluate there). */
async function managedOrg(db: Database, ctx: RequestContext, orgId: string) {
  requireEvaluateScope(ctx.actor);
  const org = await repo.findOrg(db, ctx.districtId, orgId);
  const everywhere = ctx.actor.isSuperuser;
  if (!org || !(everywhere || (org.nodePath && canAtNode(ctx.actor, 'duty.evaluate', org.nodePath))))
    throw notFound('党组织');
  return org;
}

/**
 * The organisation's lesson menu.
 * @throws NOT_FOUND when the organisation is another district's
 */
export async function listTopics(db: Database, ctx: RequestContext, orgId: string) {
  const org = await orgOf(db, ctx, orgId);
  return { items: await repo.topicsOf(db, ctx.districtId, org.id) };
}

/**
 * Adds a topic to the organisation's lesson menu.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the organisation is another district's or outside the caller's subtree
 */
export async function createTopic(
  db: Database,
  ctx: RequestContext,
  body: { orgId: string; title: string; summary?: string | undefined },
) {
  const org = await managedOrg(db, ctx, body.orgId);
  return db.transaction().execute(async (tx) => {
    const topic = await repo.insertTopic(tx, {
      districtId: ctx.districtId,
      orgId: org.id,
      title: body.title,
      summary: body.summary || null,
    });
    await recordAudit(tx, ctx.audit, {
      action: 'party_lesson.topic_create',
      entityType: 'party_lesson_topic',
      entityId: topic.id,
      detail: { orgName: org.name, title: topic.title },
    });
    return topic;
  });
}

/** Highest average among lessons with at least `minScores` scores; ties go to the lesson with more scores. */
export function bestLesson<T extends { average: number | null; scoreCount: number }>(
  lessons: T[],
  minScores: number,
): T | null {
  let best: T | null = null;
  for (const l of lessons) {
    if (l.average === null || l.scoreCount < minScores) continue;
    if (!best || l.average > best.average! || (l.average === best.average && l.scoreCount > best.scoreCount))
      best = l;
  }
  return best;
}

/**
 * The organisation's lessons of a year with their scores, and the year's best lesson.
 * @throws NOT_FOUND when the organisation is another district's
 */
export async function listLessons(
  db: Database,
  ctx: RequestContext,
  q: { orgId: string; year: number; minScores: number },
) {
  const org = await orgOf(db, ctx, q.orgId);
  const rows = await repo.lessonsOfYear(db, ctx.districtId, ctx.actor.userId, org.id, q.year);
  const items = rows.map(present);
  // Compared on the unrounded averages, so a rounding tie does not hide a real difference.
  const best = bestLesson(rows, q.minScores);
  return { items, best: best ? present(best) : null, minScores: q.minScores };
}

/**
 * Records a lesson held: date, speaker and a topic from the organisation's menu.
 * @throws FORBIDDEN without duty.evaluate
 * @throws NOT_FOUND when the topic is another district's or its organisation outside the caller's subtree
 * @throws VALIDATION_FAILED when the date lies in the future
 */
export async function holdLesson(
  db: Database,
  ctx: RequestContext,
  body: {
    topicId: string;
    heldOn: string;
    speakerName: string;
    place?: string | undefined;
    scoreWindowDays: number;
  },
): Promise<PartyLesson> {
  requireEvaluateScope(ctx.actor);
  const topic = await repo.findTopic(db, ctx.districtId, body.topicId);
  if (!topic) throw notFound('党课题目');
  const org = await managedOrg(db, ctx, topic.orgId);
  if (
    Number.isNaN(Date.parse(body.heldOn)) ||
    new Date(body.heldOn).toISOString().slice(0, 10) !== body.heldOn
  )
    throw invalid('heldOn', '上课日期不正确');
  if (body.heldOn > businessToday()) throw invalid('heldOn', '只能登记已经上过的党课');
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertLesson(tx, {
      districtId: ctx.districtId,
      orgId: org.id,
      topicId: topic.id,
      heldOn: body.heldOn,
      speakerName: body.speakerName,
      place: body.place || null,
      scoreWindowDays: body.scoreWindowDays,
      createdBy: ctx.actor.userId,
    });
    await recordAudit(tx, ctx.audit, {
      action: 'party_lesson.hold',
      entityType: 'party_lesson',
      entityId: id,
      detail: { orgName: org.name, topic: topic.title, heldOn: body.heldOn, speakerName: body.speakerName },
    });
    return present((await repo.findLesson(tx, ctx.districtId, ctx.actor.userId, id))!);
  });
}

/**
 * Lessons of the district still open for scoring today.
 */
export async function listOpen(db: Database, ctx: RequestContext) {
  const rows = await repo.openLessons(db, ctx.districtId, ctx.actor.userId, businessToday());
  return { items: rows.map(present) };
}

/**
 * A member or resident of the district scores a lesson, once, between the lesson day and the end of its window.
 * @throws NOT_FOUND when the lesson is another district's
 * @throws CONFLICT when the window is closed or not open yet, or the user has already scored it
 */
export async function scoreLesson(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: { stars: number },
): Promise<PartyLesson> {
  const d = ctx.districtId;
  const lesson = await repo.findLesson(db, d, ctx.actor.userId, id);
  if (!lesson) throw notFound('党课');
  const today = businessToday();
  if (today < lesson.heldOn) throw new AppError('CONFLICT', '党课还没有上，暂不能评分');
  if (today > lesson.scoreUntil) throw new AppError('CONFLICT', `评分已于 ${lesson.scoreUntil} 截止`);
  return db.transaction().execute(async (tx) => {
    const raterKind = (await repo.isPartyMember(tx, d, ctx.actor.userId)) ? 'member' : 'resident';
    const ok = await repo.insertScore(tx, {
      districtId: d,
      lessonId: id,
      userId: ctx.actor.userId,
      stars: body.stars,
      raterKind,
    });
    if (!ok) throw new AppError('CONFLICT', '您已为这次党课打过分，每人只能评一次');
    await recordAudit(tx, ctx.audit, {
      action: 'party_lesson.score',
      entityType: 'party_lesson',
      entityId: id,
      detail: { stars: body.stars, raterKind },
    });
    return present((await repo.findLesson(tx, d, ctx.actor.userId, id))!);
  });
}
