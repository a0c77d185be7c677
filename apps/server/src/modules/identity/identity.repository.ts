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

/** Districts a user may enter: every district for a superuser, else where he holds a position. */
export async function districtsOfUser(db: Executor, userId: string, isSuperuser: boolean) {
  if (isSuperuser) return db.selectFrom('district').select(['id', 'name']).orderBy('id').execute();
  return db
    .selectFrom('district as d')
    .select(['d.id', 'd.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('position as p')
          .select('p.id')
          .whereRef('p.districtId', '=', 'd.id')
          .where('p.holderUserId', '=', userId),
      ),
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

/** Users who hold or held a position in the district, plus those created there. */
export function listDistrictUsers(db: Executor, districtId: string, q: string | undefined) {
  let query = db
    .selectFrom('appUser as u')
    .select(['u.id', 'u.username', 'u.displayName', 'u.createdAt'])
    .where((eb) =>
      eb.or([
        eb('u.homeDistrictId', '=', districtId),
        eb.exists(
          eb
            .selectFrom('position as p')
            .select('p.id')
            .whereRef('p.holderUserId', '=', 'u.id')
            .where('p.districtId', '=', districtId),
        ),
      ]),
    );
  if (q)
    query = query.where((eb) =>
      eb.or([eb('u.username', 'ilike', `%${q}%`), eb('u.displayName', 'like', `%${q}%`)]),
    );
  return query.orderBy('u.username').limit(200).execute();
}
