import { createAdmin } from '../src/modules/setup/index.ts';
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
