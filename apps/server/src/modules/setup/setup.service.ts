import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { findUserByUsername, insertUser, loginUser } from '../identity/index.ts';
import { defaultLevelTemplate, ensureCommunity } from '../territory/index.ts';

export async function isSetupDone(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('appUser').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Divisions by name (substring) or by code (prefix), communities first when no level is given. */
export async function searchDivisions(db: Database, q: string, level: number | undefined, limit: number) {
  let query = db.selectFrom('division').select(['code', 'name', 'level', 'fullName']);
  query = /^\d+$/.test(q)
    ? query.where('code', 'like', `${q}%`)
    : query.where('name', 'like', `%${q.replace(/[%_\\]/g, '\\$&')}%`);
  if (level) query = query.where('level', '=', level);
  return query.orderBy('level', 'desc').orderBy('code').limit(limit).execute();
}

export interface SetupInput {
  username: string;
  displayName: string;
  password: string;
  communityCode: string;
}

/**
 * Creates the first administrator (a superuser), the district and community she chose, and her admin
 * position at the district; only while no user exists. Then logs her in.
 * @throws SETUP_ALREADY_DONE, VALIDATION_FAILED
 */
export async function completeSetup(db: Database, input: SetupInput) {
  await createFirstAdmin(db, input);
  const { session, actor } = await loginUser(db, input.username, input.password);
  return { session, actor };
}

/**
 * The first administrator without a session: `completeSetup` logs her in afterwards, `gongzhi setup` does not.
 * @throws SETUP_ALREADY_DONE, VALIDATION_FAILED
 */
export async function createFirstAdmin(db: Database, input: SetupInput) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    // Two browsers finishing setup at once: the second waits here and then sees the first admin.
    await sql`select pg_advisory_xact_lock(hashtext('gongzhi-setup'))`.execute(trx);
    if (await isSetupDone(trx)) throw new AppError('SETUP_ALREADY_DONE', '系统已完成首次设置，请直接登录');
    const division = await trx
      .selectFrom('division')
      .select(['level'])
      .where('code', '=', input.communityCode)
      .executeTakeFirst();
    if (division?.level !== 5) {
      throw new AppError('VALIDATION_FAILED', '区划代码不是社区或村', {
        communityCode: '请选择一个社区或村',
      });
    }
    return createAdmin(trx, input, passwordHash);
  });
}

/** Shared by setup and the demo: community chain, level template, superuser with an admin position. */
export async function createAdmin(trx: Executor, input: SetupInput, passwordHash: string) {
  const { districtId, node } = await ensureCommunity(trx, input.communityCode);
  await trx
    .insertInto('levelTemplate')
    .values({ districtId, communityId: node.id, levels: JSON.stringify(defaultLevelTemplate()) })
    .onConflict((oc) => oc.columns(['districtId', 'communityId']).doNothing())
    .execute();
  const existing = await findUserByUsername(trx, input.username);
  const user =
    existing ??
    (await insertUser(trx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      isSuperuser: true,
      homeDistrictId: districtId,
    }));
  const districtNode = await trx
    .selectFrom('territoryNode')
    .select('id')
    .where('districtId', '=', districtId)
    .where('level', '=', 'district')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('position')
    .values({
      districtId,
      nodeId: districtNode.id,
      kind: 'admin',
      holderName: input.displayName,
      holderUserId: user.id,
    })
    .execute();
  await recordAudit(
    trx,
    { districtId, userId: user.id, actorName: input.displayName, requestId: null, ip: null },
    {
      action: 'setup.complete',
      entityType: 'community',
      entityId: node.id,
      detail: { communityCode: input.communityCode },
    },
  );
  return { districtId, communityId: node.id, userId: user.id };
}
