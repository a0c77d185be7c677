import { createAdmin } from '../src/modules/setup/index.ts';
import { insertNode, newGeneratedCode, type TerritoryLevel } from '../src/modules/territory/index.ts';
import { hashPassword } from '../src/platform/auth/password.ts';
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
