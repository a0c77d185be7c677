import type { CaseRole } from '@gongzhi/contract/cases';
import { type Actor, canAtNode, scopeOf } from '../../platform/access/actor.ts';
import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import * as repo from './cases.repository.ts';

interface CaseRef {
  reporterUserId: string | null;
  proxyUserId: string | null;
  submittedBy: string;
  handlerUserId: string | null;
  assigneeUserId: string | null;
  assigneePositionId: string | null;
  firstResponderPositionId: string | null;
  householdId: string | null;
  nodePathText: string;
}

/**
 * The roles the actor holds on one case (research/domain.md §6): the people named on it, the 联户 chief of its
 * household or the holder of its responder position, field staff above it (supervisor), and the community's
 * triage officers.
 */
export async function rolesOn(db: Executor, ctx: RequestContext, c: CaseRef): Promise<CaseRole[]> {
  const { actor } = ctx;
  const roles: CaseRole[] = [];
  if (c.reporterUserId === actor.userId) roles.push('reporter');
  if (
    c.proxyUserId === actor.userId ||
    (c.submittedBy === actor.userId && c.reporterUserId !== actor.userId)
  ) {
    roles.push('proxy');
  }
  const mine = new Set(actor.positions.map((p) => p.id));
  const respond = scopeOf(actor, 'cases.respond');
  const holdsResponder =
    (c.firstResponderPositionId !== null && mine.has(c.firstResponderPositionId)) ||
    (c.assigneePositionId !== null && mine.has(c.assigneePositionId)) ||
    (c.householdId !== null &&
      (await repo.isLinked(db, ctx.districtId, c.householdId, respond.linkedPositionIds)));
  if (holdsResponder) roles.push('responder');
  if (!actor.isSuperuser && canAtNode(actor, 'cases.respond', c.nodePathText)) roles.push('supervisor');
  if (canAtNode(actor, 'cases.triage', c.nodePathText)) roles.push('triage');
  if (c.handlerUserId === actor.userId) roles.push('handler');
  return roles;
}

/** May see the whole case (not just the job view) without a role on it: `cases.view` over its node. */
export function canViewAll(actor: Actor, nodePath: string): boolean {
  return canAtNode(actor, 'cases.view', nodePath);
}

/**
 * The case and the caller's roles on it.
 * @throws NOT_FOUND when it is in another district or the caller has nothing to do with it
 */
export async function findCaseForActor(db: Executor, ctx: RequestContext, id: string) {
  const row = await repo.findCase(db, ctx.districtId, id);
  if (!row) throw notFound('诉求');
  const roles = await rolesOn(db, ctx, row);
  const assignedToMe = row.assigneeUserId === ctx.actor.userId;
  if (roles.length === 0 && !assignedToMe && !canViewAll(ctx.actor, row.nodePathText)) throw notFound('诉求');
  return { row, roles };
}

/** A handler who holds no other role sees only the job: address, contact, description. */
export function isJobViewOnly(actor: Actor, roles: readonly CaseRole[], nodePath: string): boolean {
  return roles.length === 1 && roles[0] === 'handler' && !canViewAll(actor, nodePath);
}
