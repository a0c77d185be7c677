// B5a (research/perf.md §5.1): households in the subtree of a street ("in street X", the target) and, for
// information, of a community, by the household's materialised path against a recursive CTE over parent_id on
// the same data. A community subtree is small enough (~2 k households, CTE ≈ 3 ms) that the round trip dominates. Dataset M's tree: 1 district, 25 streets,
// 250 communities, 3,000 grids, 25,000 buildings (2 units each) and 380,000 households on the units.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { withRawTransaction } from '../apps/server/src/platform/db/database.ts';
import { inSubtree } from '../apps/server/src/platform/db/subtree.ts';
import { copyLines, random, treeBuilder } from './district-tree.ts';
import { medianMs, openBenchDb, report, timed } from './lib.ts';

const DISTRICT = '990101';
const SHAPE = {
  streets: 25,
  communities: 250,
  grids: 3_000,
  buildings: 25_000,
  unitsPerBuilding: 2,
  households: 380_000,
};
const RUNS = 15;

function buildTree() {
  const rand = random(20261122);
  const { add, spread, nodeLines, count } = treeBuilder(DISTRICT, rand);
  const district = add(null, 'district', '基准区');
  const streets = Array.from({ length: SHAPE.streets }, (_, i) =>
    add(district, 'subdistrict', `第${i + 1}街道`),
  );
  const communities = spread(streets, SHAPE.communities, (s, i) => {
    const c = add(s, 'community', `社区${i + 1}`);
    c.communityId = c.id;
    return c;
  });
  const grids = spread(communities, SHAPE.grids, (c, i) => add(c, 'grid', `网格${i + 1}`));
  const buildings = spread(grids, SHAPE.buildings, (g, i) => add(g, 'building', `${i + 1}栋`));
  const units = buildings.flatMap((b) =>
    Array.from({ length: SHAPE.unitsPerBuilding }, (_, i) => add(b, 'unit', `${i + 1}单元`)),
  );
  const householdLines = spread(units, SHAPE.households, (u) => u).map((u, i) =>
    [DISTRICT, randomUUID(), u.communityId, u.id, `H${i}`, rand() < 0.95 ? 'active' : 'moved_out'].join('\t'),
  );
  return { nodeLines, householdLines, street: streets[0]!, community: communities[0]!, nodeCount: count() };
}

const bench = await openBenchDb('b5a');
try {
  const { db } = bench;
  const tree = buildTree();
  const load = await timed(() =>
    withRawTransaction(db, async (client) => {
      await client.query(
        `insert into division (code, name, level, full_name) values ('${DISTRICT}', '基准区', 3, '基准区')`,
      );
      await client.query(
        `insert into district (id, name, full_name) values ('${DISTRICT}', '基准区', '基准区')`,
      );
      await copyLines(
        client,
        'copy territory_node (district_id, id, node_no, parent_id, level, code, name, path) from stdin',
        tree.nodeLines,
      );
      await copyLines(
        client,
        'copy household (district_id, id, community_id, node_id, household_no, status) from stdin',
        tree.householdLines,
      );
    }),
  );
  await sql`vacuum analyze territory_node`.execute(db);
  await sql`vacuum analyze household`.execute(db);
  console.log(
    `loaded ${tree.nodeCount} nodes and ${tree.householdLines.length} households in ${(load.ms / 1000).toFixed(1)} s`,
  );

  // The node ids come from the GiST index as one array, so households are probed by index, never hash-joined.
  const byPath = (path: string) =>
    sql<{ n: number }>`
      select count(*)::int as n from household h
      where h.district_id = ${DISTRICT} and h.status = 'active'
        and h.node_id = any(array(select d.id from territory_node d where d.district_id = ${DISTRICT} and d.path <@ ${path}::ltree))`.execute(
      db,
    );
  // Resolving the subtree alone: the part a path or a recursion differ in.
  const nodesByPath = (path: string) =>
    sql`select count(*) from territory_node d where d.district_id = ${DISTRICT} and d.path <@ ${path}::ltree`.execute(
      db,
    );
  const nodesByRecursion = (id: string) =>
    sql`
      with recursive sub as (
        select id from territory_node where district_id = ${DISTRICT} and id = ${id}::uuid
        union all
        select c.id from territory_node c join sub on c.parent_id = sub.id where c.district_id = ${DISTRICT}
      )
      select count(*) from sub`.execute(db);
  const byRecursion = (id: string) =>
    sql<{ n: number }>`
      with recursive sub as (
        select id from territory_node where district_id = ${DISTRICT} and id = ${id}::uuid
        union all
        select c.id from territory_node c join sub on c.parent_id = sub.id where c.district_id = ${DISTRICT}
      )
      select count(*)::int as n from household h join sub on h.node_id = sub.id
      where h.district_id = ${DISTRICT} and h.status = 'active'`.execute(db);

  // What the app runs (territory subtreeCounts): households carry their node's path (kept by triggers, ADR 004),
  // and the subtree is one range of the active households' btree index, counted index-only.
  const byHouseholdPath = (path: string) =>
    sql<{ n: number }>`select count(*)::int as n from household h
      where h.district_id = ${DISTRICT} and h.status = 'active'
        and ${inSubtree(sql`h.node_path`, sql`${path}::ltree`)}`.execute(db);

  for (const [what, node] of [
    ['street', tree.street],
    ['community', tree.community],
  ] as const) {
    const [a, b, c] = await Promise.all([
      byHouseholdPath(node.path),
      byRecursion(node.id),
      byPath(node.path),
    ]);
    const count = a.rows[0]!.n;
    if (count !== b.rows[0]!.n || count !== c.rows[0]!.n)
      throw new Error(`counts differ: ${count}, ${b.rows[0]!.n}, ${c.rows[0]!.n}`);
    const ours = await medianMs(RUNS, () => byHouseholdPath(node.path));
    const baseline = await medianMs(RUNS, () => byRecursion(node.id));
    const line = {
      id: 'B5a',
      what: `households in one ${what} subtree (${count.toLocaleString('en')} of ${SHAPE.households.toLocaleString('en')}, median of ${RUNS})`,
      ours: `household.node_path range ${ours.toFixed(2)} ms`,
      baseline: `recursive CTE ${baseline.toFixed(2)} ms`,
      ratio: baseline / ours,
    };
    if (what === 'street') report({ ...line, target: '≥ 5× faster', isMet: baseline / ours >= 5 });
    else
      console.log(
        `  (for information, ${line.what}: ${line.ours} vs ${line.baseline} = ${line.ratio.toFixed(2)}×)`,
      );
    const oursNodes = await medianMs(RUNS, () => nodesByPath(node.path));
    const baselineNodes = await medianMs(RUNS, () => nodesByRecursion(node.id));
    const viaNodes = await medianMs(RUNS, () => byPath(node.path));
    console.log(
      `  (for information, ${what}: node ids by ltree then households by node_id ${viaNodes.toFixed(2)} ms = ${(baseline / viaNodes).toFixed(2)}× the recursive CTE)`,
    );
    console.log(
      `  (subtree resolution alone, ${what}: ltree ${oursNodes.toFixed(2)} ms vs recursive CTE ${baselineNodes.toFixed(2)} ms = ${(baselineNodes / oursNodes).toFixed(2)}×)`,
    );
  }
} finally {
  await bench.close();
}
