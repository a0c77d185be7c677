import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

export function findUserByUsername(db: Executor, username: string) {
  return db
    .selectFrom('appUser')
    .selectAll()
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

export function insertUser(
  db: Executor,
  values: {
    username: string;
    displayName: string;
    passwordHash: string;
    isSuperuser?: boolean;
    homeDistrictId: string | null;
  },
) {
  return db
    .insertInto('appUser')
    .values(values)
    .returning(['id', 'username', 'displayName', 'createdAt'])
    .executeTakeFirstOrThrow();
}

/**
 * Districts a user may enter: every district for a superuser, else where he holds a position, his home district
 * (the one his account was created in: external handlers), and where he has a resident account.
 */
export async function districtsOfUser(db: Executor, userId: string, isSuperuser: boolean) {
  if (isSuperuser) return db.selectFrom('district').select(['id', 'name']).orderBy('id').execute();
  return db
    .selectFrom('district as d')
    .select(['d.id', 'd.name'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('position as p')
            .select('p.id')
            .whereRef('p.districtId', '=', 'd.id')
            .where('p.holderUserId', '=', userId),
        ),
        eb.exists(
          eb
            .selectFrom('appUser as u')
            .select('u.id')
            .whereRef('u.homeDistrictId', '=', 'd.id')
            .where('u.id', '=', userId),
        ),
        eb.exists(
          eb
            .selectFrom('residentAccount as ra')
            .select('ra.userId')
            .whereRef('ra.districtId', '=', 'd.id')
            .where('ra.userId', '=', userId),
        ),
      ]),
    )
    .orderBy('d.id')
    .execute();
}

export function nodeNames(db: Executor, districtId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('territoryNode')
    .select(['id', 'name'])
    .where('districtId', '=', districtId)
    .where('id', 'in', ids)
    .execute();
}

export function setSessionDistrict(db: Executor, sessionId: string, districtId: string) {
  return db.updateTable('userSession').set({ districtId }).where('id', '=', sessionId).execute();
}

export function deleteSession(db: Executor, sessionId: string) {
  return db.deleteFrom('userSession').where('id', '=', sessionId).execute();
}

export function csrfOfSession(db: Executor, sessionId: string) {
  return db
    .selectFrom('userSession')
    .select('csrfToken')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
}

/** Users who hold or held a position in the district, have a resident account there, or were created there. */
function districtUsers(db: Executor, districtId: string) {
  return db
    .selectFrom('appUser as u')
    .leftJoin('residentAccount as ra', (j) =>
      j.onRef('ra.userId', '=', 'u.id').on('ra.districtId', '=', districtId),
    )
    .leftJoin('resident as r', (j) =>
      j.onRef('r.districtId', '=', 'ra.districtId').onRef('r.id', '=', 'ra.residentId'),
    )
    .leftJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .select((eb) => [
      'u.id',
      'u.username',
      'u.displayName',
      'u.isSuperuser',
      'u.createdAt',
      'r.id as residentId',
      'r.name as residentName',
      'r.householdId',
      'h.householdNo',
      eb
        .exists(
          eb
            .selectFrom('position as p')
            .select('p.id')
            .whereRef('p.holderUserId', '=', 'u.id')
            .where('p.districtId', '=', districtId),
        )
        .$castTo<boolean>()
        .as('hasPosition'),
    ])
    .where((eb) =>
      eb.or([
        eb('u.homeDistrictId', '=', districtId),
        eb('ra.userId', 'is not', null),
        eb.exists(
          eb
            .selectFrom('position as p')
            .select('p.id')
            .whereRef('p.holderUserId', '=', 'u.id')
            .where('p.districtId', '=', districtId),
        ),
      ]),
    );
}
export function listDistrictUsers(db: Executor, districtId: string, q: string | undefined) {
  let query = districtUsers(db, districtId);
  if (q)
    query = query.where((eb) =>
      eb.or([eb('u.username', 'ilike', `%${q}%`), eb('u.displayName', 'like', `%${q}%`)]),
    );
  return query.orderBy('u.username').limit(200).execute();
}

export function findDistrictUser(db: Executor, districtId: string, userId: string) {
  return districtUsers(db, districtId).where('u.id', '=', userId).executeTakeFirst();
}

export function insertResidentAccount(
  db: Executor,
  values: { districtId: string; userId: string; residentId: string },
) {
  return db.insertInto('residentAccount').values(values).execute();
}

export function accountOfResident(db: Executor, districtId: string, residentId: string) {
  return db
    .selectFrom('residentAccount')
    .select('userId')
    .where('districtId', '=', districtId)
    .where('residentId', '=', residentId)
    .executeTakeFirst();
}

/** Where a user acts across all districts (deliberately unfiltered): position node paths and resident accounts. */
export async function footprintOfUser(db: Executor, userId: string) {
  const positions = await db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select(['p.districtId', sql<string>`n.path::text`.as('nodePath')])
    .where('p.holderUserId', '=', userId)
    .execute();
  const residents = await db
    .selectFrom('residentAccount')
    .select(['districtId', 'residentId'])
    .where('userId', '=', userId)
    .execute();
  return { positions, residents };
}

export function setPasswordHash(db: Executor, userId: string, passwordHash: string) {
  return db.updateTable('appUser').set({ passwordHash }).where('id', '=', userId).execute();
}

export function deleteSessionsOfUser(db: Executor, userId: string) {
  return db.deleteFrom('userSession').where('userId', '=', userId).execute();
}
