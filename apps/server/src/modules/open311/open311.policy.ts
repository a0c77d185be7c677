import type { Actor } from '../../platform/access/actor.ts';
import { hasAnyScope, scopeOf } from '../../platform/access/actor.ts';
import { forbidden } from '../../platform/errors.ts';

/** API keys act for the whole district, so only those holding open311.manage somewhere may manage them. */
export function requireManageKeys(actor: Actor): void {
  if (!hasAnyScope(scopeOf(actor, 'open311.manage')))
    throw forbidden('只有系统管理员和书记、主任可以管理 12345 对接密钥');
}
