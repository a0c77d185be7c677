import type { Session } from '@gongzhi/contract/identity';
import type { Actor } from '../../platform/access/actor.ts';
import { PERMISSIONS, POSITION_LABELS, POSITION_RULES } from '../../platform/access/positions.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { createSession, loadPositions, type NewSession } from '../../platform/auth/session.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import * as repo from './identity.repository.ts';

// A dummy hash keeps the timing of "no such user" equal to "wrong password".
const DUMMY_HASH = hashPassword('not-a-real-password');

/**
 * Checks the password and opens a session in the user's first district.
 * @throws INVALID_CREDENTIALS
 */
export async function loginUser(
  db: Database,
  username: string,
  password: string,
): Promise<{ session: NewSession; actor: Actor }> {
  const user = await repo.findUserByUsername(db, username);
  const isValid = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
  if (!user || !isValid || user.disabledAt) throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  const districts = await repo.districtsOfUser(db, user.id, user.isSuperuser);
  const districtId =
    user.homeDistrictId && districts.some((d) => d.id === user.homeDistrictId)
      ? user.homeDistrictId
      : (districts[0]?.id ?? null);
  const session = await createSession(db, user.id, districtId);
  if (districtId) {
    await recordAudit(
      db,
      { districtId, userId: user.id, actorName: user.displayName, requestId: null, ip: null },
      {
        action: 'login',
        entityType: 'user',
        entityId: user.id,
      },
    );
  }
  const positions = districtId ? await loadPositions(db, user.id, districtId) : [];
  return {
    session,
    actor: {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      isSuperuser: user.isSuperuser,
      districtId,
      positions,
    },
  };
}

/** The session as the web app needs it: who, where, which positions and what they allow. */
export async function describeSession(db: Database, actor: Actor, csrfToken: string): Promise<Session> {
  const districts = await repo.districtsOfUser(db, actor.userId, actor.isSuperuser);
  const district = districts.find((d) => d.id === actor.districtId) ?? null;
  const names = actor.districtId
    ? await repo.nodeNames(
        db,
        actor.districtId,
        actor.positions.map((p) => p.nodeId),
      )
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const permissions = new Set<string>();
  for (const p of actor.positions)
    for (const perm of POSITION_RULES[p.kind].permissions) permissions.add(perm);
  if (actor.isSuperuser) for (const perm of PERMISSIONS) permissions.add(perm);
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      isSuperuser: actor.isSuperuser,
    },
    district,
    districts,
    positions: actor.positions.map((p) => ({
      id: p.id,
      kind: p.kind,
      label: POSITION_LABELS[p.kind],
      nodeId: p.nodeId,
      nodeName: nameOf.get(p.nodeId) ?? '',
    })),
    permissions: [...permissions].sort(),
    csrfToken,
  };
}

/** @throws FORBIDDEN when the user has no position in that district. */
export async function switchDistrict(
  db: Database,
  actor: Actor,
  sessionId: string,
  districtId: string,
): Promise<Actor> {
  const districts = await repo.districtsOfUser(db, actor.userId, actor.isSuperuser);
  if (!districts.some((d) => d.id === districtId)) throw forbidden('您在该区县没有任何职务');
  await repo.setSessionDistrict(db, sessionId, districtId);
  return { ...actor, districtId, positions: await loadPositions(db, actor.userId, districtId) };
}

/**
 * Creates a login for a community worker or volunteer; positions are granted in the organisation module.
 * @throws FORBIDDEN, CONFLICT
 */
export async function createUser(
  db: Database,
  ctx: RequestContext,
  input: { username: string; displayName: string; password: string },
) {
  const isManager =
    ctx.actor.isSuperuser ||
    ctx.actor.positions.some((p) => POSITION_RULES[p.kind].permissions.includes('organisation.manage'));
  if (!isManager) throw forbidden();
  if (await repo.findUserByUsername(db, input.username)) {
    throw new AppError('CONFLICT', `用户名 ${input.username} 已被使用`, { username: '用户名已被使用' });
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await repo.insertUser(trx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      homeDistrictId: ctx.districtId,
    });
    await recordAudit(trx, ctx.audit, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      detail: { username: user.username },
    });
    return { ...user, createdAt: user.createdAt.toISOString() };
  });
}

export async function listUsers(db: Database, ctx: RequestContext, q: string | undefined) {
  const isAllowed =
    ctx.actor.isSuperuser ||
    ctx.actor.positions.some((p) => POSITION_RULES[p.kind].permissions.includes('organisation.view'));
  if (!isAllowed) throw forbidden();
  const rows = await repo.listDistrictUsers(db, ctx.districtId, q);
  return rows.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }));
}
