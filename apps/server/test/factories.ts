import { sql } from 'kysely';
import { prepareResident } from '../src/modules/people/index.ts';
import { createAdmin } from '../src/modules/setup/index.ts';
import { insertNode, newGeneratedCode, type TerritoryLevel } from '../src/modules/territory/index.ts';
import { hashPassword } from '../src/platform/auth/password.ts';
import type { FieldCrypto } from '../src/platform/crypto.ts';
import type { Database } from '../src/platform/db/database.ts';

export const WULIDUI = '430304008004';
export const XINJI = '320116007001';
export const PASSWORD = 'correct-horse-9';

let adminHash: Promise<string> | undefined;

/** A district with one community and a superuser administrator `username` (password PASSWORD). */
export async function givenCommunity(
  db: Database,
  communityCode = WULIDUI,
  username = `admin${communityCode.slice(0, 6)}`,
) {
  adminHash ??= hashPassword(PASSWORD);
  const hash = await adminHash;
  return db
    .transaction()
    .execute((trx) =>
      createAdmin(trx, { username, displayName: '管理员', password: PASSWORD, communityCode }, hash),
    );
}

/** A territory node under `parent` in the community `communityCode`, with a generated code as the UI would give. */
export async function givenNode(
  db: Database,
  communityCode: string,
  parent: { id: string; path: string },
  level: TerritoryLevel,
  name: string,
) {
  const districtId = communityCode.slice(0, 6);
  return insertNode(db, {
    districtId,
    parentId: parent.id,
    parentPath: parent.path,
    level,
    name,
    code: await newGeneratedCode(db, districtId, communityCode, level),
  });
}

/** A territory node under the node `parentId` of district `districtId`, with a random code. */
export async function givenNodeUnder(
  db: Database,
  districtId: string,
  parentId: string,
  level: TerritoryLevel,
  name: string,
) {
  const parent = await db
    .selectFrom('territoryNode')
    .select([sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('id', '=', parentId)
    .executeTakeFirstOrThrow();
  const code = `${districtId}-T${Math.random().toString(36).slice(2, 10)}`;
  return insertNode(db, { districtId, parentId, parentPath: parent.path, level, code, name });
}

/** A household at `nodeId` with its head (phone 13800001234 unless given), registered as the head. */
export async function givenHousehold(
  deps: { db: Database; crypto: FieldCrypto },
  h: {
    districtId: string;
    communityId: string;
    nodeId: string;
    householdNo: string;
    address: string;
    headName: string;
    phone?: string;
  },
): Promise<{ householdId: string; residentId: string }> {
  const { db } = deps;
  const row = await db
    .insertInto('household')
    .values({
      districtId: h.districtId,
      communityId: h.communityId,
      nodeId: h.nodeId,
      householdNo: h.householdNo,
      address: h.address,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const prepared = prepareResident(
    { name: h.headName, phone: h.phone ?? '13800001234', relationToHead: '本人' },
    deps.crypto,
  );
  if (!prepared.ok) throw new Error(`bad resident: ${JSON.stringify(prepared.errors)}`);
  const r = await db
    .insertInto('resident')
    .values({ districtId: h.districtId, householdId: row.id, ...prepared.values })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('household')
    .set({ headResidentId: r.id })
    .where('districtId', '=', h.districtId)
    .where('id', '=', row.id)
    .execute();
  return { householdId: row.id, residentId: r.id };
}
