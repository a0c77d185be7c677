import type { CreateUserBody, Session, User } from '@gongzhi/contract/identity';
import type { Actor } from '../../platform/access/actor.ts';
import { PERMISSIONS, POSITION_LABELS, POSITION_RULES } from '../../platform/access/positions.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { createSession, loadPositions, type NewSession } from '../../platform/auth/session.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { findResidentInScope } from '../people/index.ts';
import { requireAccountManager, requireAccountViewer, requireResetAllowed } from './identity.policy.ts';
import { presentUser } from './identity.presenter.ts';
import * as repo from './identity.repository.ts';

// A dummy hash keeps the timing of "no such user" equal to "wrong password".
const DUMMY_HASH = hashPassword('not-a-real-password');

/**
 * Checks the password and opens a session in the user's home district when he belongs to it, else his first.
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

/** @throws FORBIDDEN when the user does not belong to that district (see districtsOfUser). */
export async function switchDistrict(
  db: Database,
  actor: Actor,
  sessionId: string,
  districtId: string,
): Promise<Actor> {
  const districts = await repo.districtsOfUser(db, actor.userId, actor.isSuperuser);
  if (!districts.some((d) => d.id === districtId)) throw forbidden('您的账号不属于该区县');
  await repo.setSessionDistrict(db, sessionId, districtId);
  return { ...actor, districtId, positions: await loadPositions(db, actor.userId, districtId) };
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * Creates a login in the caller's district: a community worker or an external handler (positions are granted in
 * the organisation module), or, with `residentId`, a resident's own account.
 * @throws FORBIDDEN (no organisation.manage; no registry.edit over the resident's household), NOT_FOUND (resident
 *   outside scope or district), CONFLICT (username taken; the resident already has an account)
 */
export async function createUser(db: Database, ctx: RequestContext, input: CreateUserBody): Promise<User> {
  requireAccountManager(ctx.actor);
  const resident = input.residentId
    ? await findResidentInScope(db, ctx, input.residentId, 'registry.edit')
    : null;
  if (await repo.findUserByUsername(db, input.username)) {
    throw new AppError('CONFLICT', `用户名 ${input.username} 已被使用`, { username: '用户名已被使用' });
  }
  const residentTaken = () =>
    new AppError('CONFLICT', `居民 ${resident?.name ?? ''} 已有账号`, { residentId: '该居民已有账号' });
  if (resident && (await repo.accountOfResident(db, ctx.districtId, resident.id))) throw residentTaken();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await repo.insertUser(trx, {
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        homeDistrictId: ctx.districtId,
      });
      if (resident) {
        await repo.insertResidentAccount(trx, {
          districtId: ctx.districtId,
          userId: user.id,
          residentId: resident.id,
        });
      }
      await recordAudit(trx, ctx.audit, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        detail: resident
          ? { username: user.username, kind: 'resident', residentId: resident.id }
          : { username: user.username, kind: 'staff' },
      });
      const row = await repo.findDistrictUser(trx, ctx.districtId, user.id);
      if (!row) throw new Error('created user not visible in its district');
      return presentUser(row);
    });
  } catch (err) {
    // Two administrators racing for the same username or resident.
    if (isUniqueViolation(err)) {
      if (resident && (await repo.accountOfResident(db, ctx.districtId, resident.id))) throw residentTaken();
      throw new AppError('CONFLICT', `用户名 ${input.username} 已被使用`, { username: '用户名已被使用' });
    }
    throw err;
  }
}

/**
 * Accounts of the district with their kind and, for resident accounts, the linked resident.
 * @throws FORBIDDEN without organisation.view
 */
export async function listUsers(db: Database, ctx: RequestContext, q: string | undefined): Promise<User[]> {
  requireAccountViewer(ctx.actor);
  const rows = await repo.listDistrictUsers(db, ctx.districtId, q);
  return rows.map(presentUser);
}

/**
 * Sets a new password for an account of the district and ends its sessions (unless it is the caller's own).
 * @throws FORBIDDEN (no organisation.manage; the account lies beyond the caller's scope), NOT_FOUND (no such
 *   account in this district)
 */
export async function resetPassword(
  db: Database,
  ctx: RequestContext,
  userId: string,
  password: string,
): Promise<void> {
  requireAccountManager(ctx.actor);
  const target = await repo.findDistrictUser(db, ctx.districtId, userId);
  if (!target) throw notFound('账号');
  const footprint = await repo.footprintOfUser(db, userId);
  requireResetAllowed(ctx.actor, ctx.districtId, target, footprint);
  for (const r of footprint.residents) {
    if (r.districtId === ctx.districtId) await findResidentInScope(db, ctx, r.residentId, 'registry.edit');
  }
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await repo.setPasswordHash(trx, userId, passwordHash);
    // Whoever knew the old password is signed out; the caller keeps his own session.
    if (userId !== ctx.actor.userId) await repo.deleteSessionsOfUser(trx, userId);
    await recordAudit(trx, ctx.audit, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: userId,
      detail: { username: target.username },
    });
  });
}
