import type { Session } from '@gongzhi/contract/identity';

/** Mirrors the server's outbox policy: superusers and holders of a 系统管理员 position. */
export function isSystemAdmin(session: Session | null): boolean {
  return Boolean(session && (session.user.isSuperuser || session.positions.some((p) => p.kind === 'admin')));
}
