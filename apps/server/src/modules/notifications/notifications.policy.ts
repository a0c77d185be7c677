import type { Actor } from '../../platform/access/actor.ts';
import { forbidden } from '../../platform/errors.ts';

/** The development outbox shows who is texted what: system administrators only. */
export function requireOutboxViewer(actor: Actor): void {
  if (actor.isSuperuser || actor.positions.some((p) => p.kind === 'admin')) return;
  throw forbidden('只有系统管理员可以查看开发发件箱');
}
