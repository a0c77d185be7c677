import { type Actor, canAtNode, isWithin } from '../../platform/access/actor.ts';
import type { Permission } from '../../platform/access/positions.ts';
import { POSITION_RULES } from '../../platform/access/positions.ts';
import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import * as repo from './deliberation.repository.ts';
import type { TopicRole } from './topic-machine.ts';

/**
 * May the actor exercise `permission` in the community at `communityPath`: over its subtree, or from any
 * position held inside it (a 邻长's scope is his linked households, yet the community's council is his too).
 */
export function canInCommunity(actor: Actor, permission: Permission, communityPath: string): boolean {
  if (canAtNode(actor, permission, communityPath)) return true;
  return actor.positions.some(
    (p) => POSITION_RULES[p.kind].permissions.includes(permission) && isWithin(p.nodePath, [communityPath]),
  );
}

/** 两委: deliberation.manage over the community. */
export function canManage(actor: Actor, communityPath: string): boolean {
  return canAtNode(actor, 'deliberation.manage', communityPath);
}

interface TopicRef {
  communityId: string;
  communityPath: string;
  councilId: string | null;
  proposerUserId: string | null;
}

/** The member id the actor holds on the topic's council, if any. */
export async function memberIdOn(db: Executor, ctx: RequestContext, councilId: string | null) {
  if (!councilId) return null;
  const mine = await repo.councilsOfMember(db, ctx.districtId, ctx.actor.userId);
  return mine.find((m) => m.councilId === councilId)?.memberId ?? null;
}

export async function rolesOnTopic(db: Executor, ctx: RequestContext, t: TopicRef): Promise<TopicRole[]> {
  const roles: TopicRole[] = [];
  if (canManage(ctx.actor, t.communityPath)) roles.push('manager');
  if (await memberIdOn(db, ctx, t.councilId)) roles.push('member');
  return roles;
}

/**
 * The topic and the caller's roles on it.
 * @throws NOT_FOUND in another district, or when the caller neither sees the community's topics, sits on one of
 * its councils nor raised it
 */
export async function findTopicForActor(db: Executor, ctx: RequestContext, id: string) {
  const row = await repo.findTopic(db, ctx.districtId, id);
  if (!row) throw notFound('议题');
  const roles = await rolesOnTopic(db, ctx, row);
  const sees =
    roles.length > 0 ||
    row.proposerUserId === ctx.actor.userId ||
    canInCommunity(ctx.actor, 'deliberation.view', row.communityPath) ||
    (await repo.councilsOfMember(db, ctx.districtId, ctx.actor.userId)).some(
      (m) => m.communityId === row.communityId,
    );
  if (!sees) throw notFound('议题');
  return { row, roles };
}
