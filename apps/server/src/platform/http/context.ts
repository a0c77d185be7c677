import type { Actor } from '../access/actor.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { AppError } from '../errors.ts';

/** What a service needs to know about the caller: the actor, the tenant, and audit metadata. */
export interface RequestContext {
  actor: Actor;
  districtId: string;
  audit: AuditContext;
}

export function contextFor(actor: Actor, requestId: string | null, ip: string | null): RequestContext {
  if (!actor.districtId) {
    throw new AppError('FORBIDDEN', '请先选择要进入的区县');
  }
  return {
    actor,
    districtId: actor.districtId,
    audit: {
      districtId: actor.districtId,
      userId: actor.userId,
      actorName: actor.displayName,
      requestId,
      ip,
    },
  };
}
