import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../db/db.generated.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { RowIssue } from '../../platform/spreadsheet/index.ts';
import type { PlaceNode } from './location.ts';

/** Kysely over a raw client already inside a transaction (withRawTransaction), so COPY and Kysely share it. */
export function kyselyOnClient(client: pg.PoolClient): Database {
  const borrowed = {
    query: (...args: unknown[]) => (client.query as (...a: unknown[]) => unknown)(...args),
    release: () => {},
  };
  const pool = { connect: async () => borrowed, end: async () => {} };
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
    plugins: [new CamelCasePlugin()],
  });
}

export const batchColumns = [
  'id',
  'kind',
  'communityId',
  'fileName',
  'status',
  'mode',
  'totalRows',
  'validRows',
  'errorRows',
  'processedRows',
  'committedRows',
  'failure',
  'createdAt',
  'finishedAt',
  'createdBy',
] as const;

export type BatchRow = Awaited<ReturnType<typeof findBatch>> & {};

export function findBatch(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('importBatch')
    .select(batchColumns)
    .select((eb) =>
      eb
        .selectFrom('importIssue')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('importIssue.batchId', '=', 'importBatch.id')
        .where('importIssue.districtId', '=', districtId)
        .where('importIssue.severity', '=', 'warning')
        .as('warningCount'),
    )
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertBatch(
  db: Executor,
  b: {
    districtId: string;
    id: string;
    kind: 'residents' | 'chiefs';
    communityId: string;
    fileName: string;
    createdBy: string | null;
  },
) {
  return db
    .insertInto('importBatch')
    .values({ ...b, status: 'validating' })
    .execute();
}

type BatchPatch = Partial<{
  status: string;
  mode: string | null;
  totalRows: number;
  validRows: number;
  errorRows: number;
  processedRows: number;
  committedRows: number;
  failure: string | null;
  finishedAt: Date | null;
}>;

export async function updateBatch(
  db: Executor,
  districtId: string,
  id: string,
  patch: BatchPatch,
  onlyIfStatus?: string[],
) {
  let q = db.updateTable('importBatch').set(patch).where('districtId', '=', districtId).where('id', '=', id);
  if (onlyIfStatus) q = q.where('status', 'in', onlyIfStatus);
  const rows = await q.returning('id').execute();
  return rows.length > 0;
}

export async function insertIssues(
  db: Executor,
  districtId: string,
  batchId: string,
  firstSeq: number,
  issues: readonly RowIssue[],
) {
  if (issues.length === 0) return;
  await db
    .insertInto('importIssue')
    .values(
      issues.map((i, k) => ({
        districtId,
        batchId,
        seq: firstSeq + k,
        rowNo: i.rowNo,
        columnName: i.column.slice(0, 100),
        message: i.message.slice(0, 500),
        severity: i.severity,
      })),
    )
    .execute();
}

export function listIssues(
  db: Executor,
  districtId: string,
  batchId: string,
  afterSeq: number,
  limit: number,
) {
  return db
    .selectFrom('importIssue')
    .select(['seq', 'rowNo', 'columnName', 'message', 'severity'])
    .where('districtId', '=', districtId)
    .where('batchId', '=', batchId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function errorRowCount(db: Executor, districtId: string, batchId: string): Promise<number> {
  const row = await db
    .selectFrom('importIssue')
    .select(sql<number>`count(distinct row_no)`.as('n'))
    .where('districtId', '=', districtId)
    .where('batchId', '=', batchId)
    .where('severity', '=', 'error')
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function maxIssueSeq(db: Executor, districtId: string, batchId: string): Promise<number> {
  const row = await db
    .selectFrom('importIssue')
    .select(sql<number>`coalesce(max(seq), 0)`.as('n'))
    .where('districtId', '=', districtId)
    .where('batchId', '=', batchId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export function findPlace(db: Executor, districtId: string, id: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', 'parentId', 'level', 'code', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('id', '=', id)
    .where('validTo', 'is', null)
    .executeTakeFirst();
}

/** Active nodes below `path`, optionally without units and dwellings (which rows create, not name). */
export function placesUnder(
  db: Executor,
  districtId: string,
  path: string,
  options: { withDwellings: boolean },
): Promise<PlaceNode[]> {
  let q = db
    .selectFrom('territoryNode')
    .select(['id', 'parentId', 'level', 'code', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where(sql<boolean>`path <@ ${path}::ltree`)
    .where('validTo', 'is', null);
  if (!options.withDwellings) q = q.where('level', 'not in', ['unit', 'dwelling']);
  return q.execute();
}

/** The community a node lies in (the node itself when it is one). */
export function communityOf(db: Executor, districtId: string, path: string) {
  return db
    .selectFrom('territoryNode')
    .select(['id', 'parentId', 'level', 'code', 'name', sql<string>`path::text`.as('path')])
    .where('districtId', '=', districtId)
    .where('level', '=', 'community')
    .where(sql<boolean>`path @> ${path}::ltree`)
    .executeTakeFirst();
}

export function listTags(db: Executor) {
  return db.selectFrom('tag').select(['code', 'nameZh', 'isSensitive']).execute();
}

export async function existingIdHashes(
  db: Executor,
  districtId: string,
  hashes: Buffer[],
): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db
    .selectFrom('resident')
    .select('idNoHash')
    .where('districtId', '=', districtId)
    .where('idNoHash', 'in', hashes)
    .execute();
  return new Set(rows.map((r) => r.idNoHash!.toString('hex')));
}

export function householdsOfCommunity(db: Executor, districtId: string, communityId: string) {
  return db
    .selectFrom('household')
    .select(['id', 'householdNo', 'headResidentId'])
    .where('districtId', '=', districtId)
    .where('communityId', '=', communityId)
    .execute();
}

export function activePositionsUnder(db: Executor, districtId: string, path: string) {
  return db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select(['p.kind', 'p.nodeId', 'p.holderName'])
    .where('p.districtId', '=', districtId)
    .where(sql<boolean>`n.path <@ ${path}::ltree`)
    .where('p.validTo', 'is', null)
    .execute();
}

/** Batches a crash left half-way: their transaction rolled back, so they are failed, never half-imported. */
export function failInterrupted(db: Executor, failure: string) {
  return db
    .updateTable('importBatch')
    .set({ status: 'failed', failure, finishedAt: new Date() })
    .where('status', 'in', ['validating', 'committing'])
    .returning(['districtId', 'id'])
    .execute();
}

export interface ExportResident {
  id: string;
  householdNo: string;
  nodeId: string;
  relationToHead: string;
  name: string;
  gender: string;
  birthDate: string | null;
  idNoEnc: Buffer | null;
  idNoMasked: string | null;
  phoneEnc: Buffer | null;
  phoneMasked: string | null;
  ethnicity: string | null;
  politicalStatus: string | null;
  education: string | null;
  residenceType: string;
  status: string;
  note: string | null;
  dataSource: string | null;
  tags: string[];
}

/** One keyset page of residents whose household lies at or below `path`, in household order. */
export function residentsPage(
  db: Executor,
  districtId: string,
  path: string,
  after: { householdNo: string; id: string } | null,
  limit: number,
): Promise<ExportResident[]> {
  let q = db
    .selectFrom('resident as r')
    .innerJoin('household as h', (j) =>
      j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'),
    )
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'h.districtId').onRef('n.id', '=', 'h.nodeId'),
    )
    .select([
      'r.id',
      'h.householdNo',
      'h.nodeId',
      'r.relationToHead',
      'r.name',
      'r.gender',
      'r.birthDate',
      'r.idNoEnc',
      'r.idNoMasked',
      'r.phoneEnc',
      'r.phoneMasked',
      'r.ethnicity',
      'r.politicalStatus',
      'r.education',
      'r.residenceType',
      'r.status',
      'r.note',
      'r.dataSource',
    ])
    .select(
      sql<
        string[]
      >`coalesce((select array_agg(t.name_zh order by t.name_zh) from resident_tag rt join tag t on t.code = rt.tag_code
        where rt.district_id = r.district_id and rt.resident_id = r.id and not t.is_sensitive), '{}')`.as(
        'tags',
      ),
    )
    .where('r.districtId', '=', districtId)
    .where(sql<boolean>`n.path <@ ${path}::ltree`);
  if (after) q = q.where(sql<boolean>`(h.household_no, r.id) > (${after.householdNo}, ${after.id}::uuid)`);
  return q.orderBy('h.householdNo').orderBy('r.id').limit(limit).execute();
}

export function chiefsUnder(db: Executor, districtId: string, path: string) {
  return db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select([
      'p.id',
      'p.kind',
      'p.holderName',
      'p.identity',
      'p.phoneEnc',
      'p.phoneMasked',
      'n.code as nodeCode',
      'p.origin',
      'p.validFrom',
      'p.validTo',
    ])
    .select(
      sql<string[]>`coalesce((select array_agg(h.household_no order by h.household_no) from household_link l
        join household h on h.district_id = l.district_id and h.id = l.household_id
        where l.district_id = p.district_id and l.position_id = p.id and l.valid_to is null), '{}')`.as(
        'householdNos',
      ),
    )
    .where('p.districtId', '=', districtId)
    .where(sql<boolean>`n.path <@ ${path}::ltree`)
    .where('p.kind', 'not in', ['admin', 'secretary', 'director', 'committee_member'])
    .orderBy('n.path')
    .orderBy('p.kind')
    .orderBy('p.holderName')
    .limit(20000)
    .execute();
}
