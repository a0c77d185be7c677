// B13: the 早点名会 attendance report of the meetings module (`getReport`: access check, then one statement) for a
// district-year — every community's 户长 with duties, attended, absent, substituted, covered and rate over
// 2026 — against one hand-written GROUP BY giving the same rows; and the same for one community's year.
// Data: 300 communities with 20–60 户长 each (~12,000), 3 on duty each working day of 2026, ~5 % substituted,
// ~10 % absent, the rest mostly attended.
import { type RawBuilder, sql } from 'kysely';
import { getReport, workingDaysOf } from '../apps/server/src/modules/meetings/rollcall.service.ts';
import type { RequestContext } from '../apps/server/src/platform/http/context.ts';
import { alternatedMedians, openBenchDb, report, timed } from './lib.ts';

const DISTRICT = '990113';
const COMMUNITIES = 300;
const PER_DAY = 3;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
const RUNS = 5;
const TARGET = 0.5;

/** One report row, as text so both sides compare exactly. */
const key = (node: string, positionId: string) => `${node}/${positionId}`;
const counts = (r: {
  chiefName: string;
  duties: number;
  attended: number;
  absent: number;
  substituted: number;
  covered: number;
  rate: number | null;
}) => [r.chiefName, r.duties, r.attended, r.absent, r.substituted, r.covered, r.rate].join(',');

const bench = await openBenchDb('b13');
try {
  const { db } = bench;
  const load = await timed(async () => {
    await sql`insert into division (code, name, level, full_name) values (${DISTRICT}, '基准区', 3, '基准区')`.execute(
      db,
    );
    await sql`insert into district (id, name, full_name) values (${DISTRICT}, '基准区', '基准区')`.execute(
      db,
    );
    await sql`
      insert into territory_node (district_id, node_no, parent_id, level, code, name, path)
      values (${DISTRICT}, 1, null, 'district', 'D1', '基准区', 'n1')`.execute(db);
    await sql`
      insert into territory_node (district_id, node_no, parent_id, level, code, name, path)
      select ${DISTRICT}, c, (select id from territory_node where node_no = 1), 'community', 'C' || c, '社区' || c,
        ('n1.n' || c)::ltree
      from generate_series(2, ${COMMUNITIES + 1}) c`.execute(db);
    await sql`
      insert into position (district_id, node_id, kind, holder_name, created_at)
      select ${DISTRICT}, c.id, 'household_chief', '户长' || c.node_no || '-' || k,
        now() - interval '1 day' + k * interval '1 ms'
      from territory_node c cross join lateral generate_series(0, 19 + (c.node_no * 7) % 41) k
      where c.level = 'community'`.execute(db);
    await sql`
      insert into rollcall_rota (district_id, node_id, month, per_day)
      select ${DISTRICT}, c.id, m, ${PER_DAY} from territory_node c cross join unnest(${MONTHS}::text[]) m
      where c.level = 'community'`.execute(db);
    // Round-robin over each community's 户长 all year; a fixed hash of the slot decides what happened. The CTEs'
    // row estimates are far off, so nested loops are ruled out for this one load statement.
    await db.transaction().execute(async (tx) => {
      await sql`set local enable_nestloop = off`.execute(tx);
      await sql`
      with days as (
        select d as day, row_number() over (order by d) - 1 as di from unnest(${MONTHS.flatMap(workingDaysOf)}::date[]) d
      ),
      chiefs as (
        select node_id, id, row_number() over (partition by node_id order by created_at, id) - 1 as k
        from position where kind = 'household_chief'
      ),
      sizes as (select node_id, count(*) as n from chiefs group by node_id),
      slots as (
        select z.node_id, days.day, s.slot, days.di * ${PER_DAY} + s.slot - 1 as i, z.n
        from sizes z cross join days cross join generate_series(1, ${PER_DAY}) s(slot)
      )
      insert into rollcall_duty (district_id, rota_id, node_id, day, slot, position_id, substitute_position_id,
        substitute_reason, status)
      select ${DISTRICT}, r.id, sl.node_id, sl.day, sl.slot, own.id,
        case when h.v < 7 then sub.id end, case when h.v < 7 then '外出' end,
        case when h.v < 5 then 'substituted' when h.v < 13 then 'absent' when h.v < 15 then 'scheduled'
          else 'attended' end
      from slots sl
      join chiefs own on own.node_id = sl.node_id and own.k = sl.i % sl.n
      join chiefs sub on sub.node_id = sl.node_id and sub.k = (sl.i + 1) % sl.n
      join rollcall_rota r on r.district_id = ${DISTRICT} and r.node_id = sl.node_id
        and r.month = to_char(sl.day, 'YYYY-MM')
      cross join lateral (select (hashint8(sl.i * 1000 + own.k)::bigint % 100 + 100) % 100 as v) h`.execute(
        tx,
      );
    });
    await sql`vacuum analyze`.execute(db);
  });
  const sizes = await sql<{ duties: number; chiefs: number }>`
    select (select count(*)::int from rollcall_duty) as duties,
      (select count(*)::int from position where kind = 'household_chief') as chiefs`.execute(db);
  const { duties, chiefs } = sizes.rows[0]!;
  console.log(
    `loaded ${COMMUNITIES} communities, ${chiefs.toLocaleString('en')} 户长, ${duties.toLocaleString('en')} duties in ${(load.ms / 1000).toFixed(1)} s`,
  );
  const districtNode = (
    await sql<{ id: string }>`select id from territory_node where level = 'district'`.execute(db)
  ).rows[0]!.id;
  const communities = (
    await sql<{
      id: string;
    }>`select id from territory_node where level = 'community' order by node_no`.execute(db)
  ).rows.map((r) => r.id);

  const ctx: RequestContext = {
    actor: {
      userId: '00000000-0000-0000-0000-000000000000',
      username: 'bench_b13',
      displayName: '基准管理员',
      isSuperuser: true,
      districtId: DISTRICT,
      positions: [],
    },
    districtId: DISTRICT,
    audit: { districtId: DISTRICT, userId: null, actorName: '基准管理员', requestId: null, ip: null },
  };

  const ours = async (nodeId: string) => {
    const r = await getReport(db, ctx, { nodeId, from: MONTHS[0]!, to: MONTHS[MONTHS.length - 1]! });
    return new Map(r.rows.map((row) => [key(row.nodeId, row.positionId), counts(row)]));
  };

  // The same rows in one statement: each duty credits its 户长 (duties, substituted) and whoever was on duty
  // (attended, absent; covered for a substitute), joined to every current 户长 of the communities so idle ones
  // appear too.
  const baseline = async (node: string | null) => {
    const onNode: RawBuilder<unknown> = node ? sql`and d.node_id = ${node}::uuid` : sql``;
    const chiefsOfNode: RawBuilder<unknown> = node ? sql`and c.id = ${node}::uuid` : sql``;
    const res = await sql<{
      node: string;
      positionId: string;
      chiefName: string;
      duties: number;
      attended: number;
      absent: number;
      substituted: number;
      covered: number;
      rate: number | null;
    }>`
      with credits as (
        select d.node_id, x.pid,
          count(*) filter (where x.own) as duties,
          count(*) filter (where x.own and d.substitute_position_id is not null) as substituted,
          count(*) filter (where not x.own) as covered,
          count(*) filter (where x.on_duty and d.status in ('attended', 'substituted')) as attended,
          count(*) filter (where x.on_duty and d.status = 'absent') as absent
        from rollcall_duty d
        cross join lateral (values (d.position_id, true, d.substitute_position_id is null),
          (d.substitute_position_id, false, true)) x(pid, own, on_duty)
        where d.district_id = ${DISTRICT} and d.day between '2026-01-01' and '2026-12-31' and x.pid is not null
          ${onNode}
        group by 1, 2
      ),
      roster as (
        select c.id as node_id, p.id as pid
        from territory_node c
        join territory_node t on t.district_id = c.district_id and t.path <@ c.path
        join position p on p.district_id = t.district_id and p.node_id = t.id and p.kind = 'household_chief'
          and p.valid_from <= current_date and (p.valid_to is null or p.valid_to >= current_date)
        where c.district_id = ${DISTRICT} and c.level = 'community' ${chiefsOfNode}
      )
      select coalesce(r.node_id, k.node_id)::text as node, p.id::text as "positionId", p.holder_name as "chiefName",
        coalesce(k.duties, 0)::int as duties, coalesce(k.attended, 0)::int as attended,
        coalesce(k.absent, 0)::int as absent, coalesce(k.substituted, 0)::int as substituted,
        coalesce(k.covered, 0)::int as covered,
        k.attended::float8 / nullif(k.attended + k.absent, 0) as rate
      from roster r
      full join credits k on k.node_id = r.node_id and k.pid = r.pid
      join position p on p.district_id = ${DISTRICT} and p.id = coalesce(r.pid, k.pid)`.execute(db);
    return new Map(res.rows.map((r) => [key(r.node, r.positionId), counts(r)]));
  };

  const same = (a: Map<string, string>, b: Map<string, string>, what: string) => {
    if (a.size !== b.size) throw new Error(`${what}: ${a.size} rows from the service, ${b.size} from SQL`);
    for (const [k, v] of a) if (b.get(k) !== v) throw new Error(`${what}: ${k} is ${v} vs ${b.get(k)}`);
    return a.size;
  };

  const compare = async (what: string, node: string | null, runs: number) => {
    const target = node ?? districtNode;
    const rows = same(await ours(target), await baseline(node), what);
    const { oursMs, baseMs } = await alternatedMedians(
      runs,
      () => ours(target),
      () => baseline(node),
    );
    report({
      id: 'B13',
      what: `rollcall attendance report, ${what} (${rows.toLocaleString('en')} rows, median of ${runs})`,
      ours: `getReport ${oursMs.toFixed(1)} ms`,
      baseline: `one GROUP BY ${baseMs.toFixed(1)} ms`,
      ratio: baseMs / oursMs,
      target: `≥ ${TARGET} of the baseline's speed`,
      isMet: baseMs / oursMs >= TARGET,
    });
  };
  await compare('one community-year', communities[0]!, RUNS * 4);
  await compare(
    `district-year of ${COMMUNITIES} communities from ${duties.toLocaleString('en')} duties`,
    null,
    RUNS,
  );
} finally {
  await bench.close();
}
