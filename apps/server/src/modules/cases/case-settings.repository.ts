import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { findCategory } from './cases.repository.ts';

export { findCategory, listCategories } from './cases.repository.ts';

/** Nodes cases are filed under as their community (see cases.repository `communityOf`). */
const COMMUNITY_LEVELS = ['community', 'natural_village'];

export function districtRoot(db: Executor, districtId: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('level', '=', 'district')
    .executeTakeFirst();
}

export function listCommunities(db: Executor, districtId: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('level', 'in', COMMUNITY_LEVELS)
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', sql<string>`current_date`)]))
    .orderBy('sortKey')
    .execute();
}

export function findCommunity(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .where('level', 'in', COMMUNITY_LEVELS)
    .executeTakeFirst();
}

export type CategoryRow = NonNullable<Awaited<ReturnType<typeof findCategory>>>;

/** Locks the category row so concurrent edits and retirements queue behind each other. */
export function lockCategory(db: Executor, districtId: string, code: string) {
  return db
    .selectFrom('caseCategory')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
}

export async function hasActiveChildren(db: Executor, districtId: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('caseCategory')
    .select('code')
    .where('districtId', '=', districtId)
    .where('parentCode', '=', code)
    .where('isRetired', '=', false)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function nextSort(db: Executor, districtId: string): Promise<number> {
  const row = await db
    .selectFrom('caseCategory')
    .select(sql<number>`coalesce(max(sort), -1) + 1`.as('next'))
    .where('districtId', '=', districtId)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export interface CategoryValues {
  name: string;
  defaultUrgency: string;
  signLimitHours: number;
  triageLimit: number;
  triageUnit: string;
  handleLimit: number;
  handleUnit: string;
}

/** Inserts a category; a taken code (retired ones included) leaves the table unchanged and returns false. */
export async function insertCategory(
  db: Executor,
  districtId: string,
  values: CategoryValues & { code: string; parentCode: string | null; sort: number; updatedBy: string },
): Promise<boolean> {
  const row = await db
    .insertInto('caseCategory')
    .values({ districtId, ...values })
    .onConflict((oc) => oc.columns(['districtId', 'code']).doNothing())
    .returning('code')
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateCategory(
  db: Executor,
  districtId: string,
  code: string,
  patch: Partial<CategoryValues> & { isRetired?: boolean; updatedBy: string },
): Promise<void> {
  await db
    .updateTable('caseCategory')
    .set({ ...patch, updatedAt: new Date() })
    .where('districtId', '=', districtId)
    .where('code', '=', code)
    .execute();
}

export type OverrideRow = NonNullable<Awaited<ReturnType<typeof findOverride>>>;

export function listOverrides(db: Executor, districtId: string, communityId: string) {
  return db
    .selectFrom('caseLimitOverride')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('communityId', '=', communityId)
    .execute();
}

export function findOverride(db: Executor, districtId: string, communityId: string, code: string) {
  return db
    .selectFrom('caseLimitOverride')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('communityId', '=', communityId)
    .where('categoryCode', '=', code)
    .executeTakeFirst();
}

export interface OverrideValues {
  signLimitHours: number | null;
  triageLimit: number | null;
  triageUnit: string | null;
  handleLimit: number | null;
  handleUnit: string | null;
}

export async function upsertOverride(
  db: Executor,
  districtId: string,
  communityId: string,
  code: string,
  values: OverrideValues & { updatedBy: string },
): Promise<void> {
  const now = new Date();
  await db
    .insertInto('caseLimitOverride')
    .values({ districtId, communityId, categoryCode: code, ...values, updatedAt: now })
    .onConflict((oc) =>
      oc.columns(['districtId', 'communityId', 'categoryCode']).doUpdateSet({ ...values, updatedAt: now }),
    )
    .execute();
}

/** Deletes the override; returns false when there was none. */
export async function deleteOverride(
  db: Executor,
  districtId: string,
  communityId: string,
  code: string,
): Promise<boolean> {
  const res = await db
    .deleteFrom('caseLimitOverride')
    .where('districtId', '=', districtId)
    .where('communityId', '=', communityId)
    .where('categoryCode', '=', code)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The category with the community's override (if any) in one read: the input of `effectiveLimits`. */
export function findCategoryWithOverride(
  db: Executor,
  districtId: string,
  communityId: string,
  code: string,
) {
  return db
    .selectFrom('caseCategory as c')
    .leftJoin('caseLimitOverride as o', (j) =>
      j
        .onRef('o.districtId', '=', 'c.districtId')
        .onRef('o.categoryCode', '=', 'c.code')
        .on('o.communityId', '=', communityId),
    )
    .select([
      'c.code',
      'c.name',
      'c.defaultUrgency',
      'c.isRetired',
      'c.signLimitHours',
      'c.triageLimit',
      'c.triageUnit',
      'c.handleLimit',
      'c.handleUnit',
      'o.signLimitHours as overrideSignLimitHours',
      'o.triageLimit as overrideTriageLimit',
      'o.triageUnit as overrideTriageUnit',
      'o.handleLimit as overrideHandleLimit',
      'o.handleUnit as overrideHandleUnit',
    ])
    .where('c.districtId', '=', districtId)
    .where('c.code', '=', code)
    .executeTakeFirst();
}
