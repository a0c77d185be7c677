// B12: a month's 早点名会 rota for a village/community of 500 户长 through `generateRota` (access check, one
// statement reading the 户长 with their last duty and leave, round-robin in JS, one statement inserting the rota and
// its duties, audit; the answer is built from what was inserted), against
// one hand-written INSERT … SELECT of the same round-robin rows (generate_series over the month's working days,
// row_number of the 户长 modulo their count). Twin communities with 500 户长 each; 2026-01…12, one month a run.
import { sql } from 'kysely';
import {
  generateRota,
  getRota,
  workingDaysOf,
} from '../apps/server/src/modules/meetings/rollcall.service.ts';
import type { RequestContext } from '../apps/server/src/platform/http/context.ts';
import { alternatedMedians, medianMs, openBenchDb, report } from './lib.ts';

const DISTRICT = '990112';
const CHIEFS = 500;
const GROUPS = 25;
const PER_DAY = 20;
const RUNS = 11;
const MONTHS = Array.from({ length: RUNS + 1 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

const bench = await openBenchDb('b12');
try {
  const { db } = bench;
  await sql`insert into division (code, name, level, full_name) values (${DISTRICT}, '基准区', 3, '基准区')`.execute(
    db,
  );
  await sql`insert into district (id, name, full_name) values (${DISTRICT}, '基准区', '基准区')`.execute(db);
  const user = await sql<{ id: string }>`
    insert into app_user (username, display_name, password_hash, is_superuser, home_district_id)
    values ('bench_b12', '基准管理员', 'x', true, ${DISTRICT}) returning id`.execute(db);
  const userId = user.rows[0]!.id;
  // District n1; communities n2 (ours) and n3 (baseline), each with 25 resident groups holding 20 户长 each.
  await sql`
    insert into territory_node (district_id, node_no, parent_id, level, code, name, path)
    values (${DISTRICT}, 1, null, 'district', 'D1', '基准区', 'n1')`.execute(db);
  await sql`
    insert into territory_node (district_id, node_no, parent_id, level, code, name, path)
    select ${DISTRICT}, c, (select id from territory_node where node_no = 1), 'community', 'C' || c, '社区' || c,
      ('n1.n' || c)::ltree
    from generate_series(2, 3) c`.execute(db);
  await sql`
    insert into territory_node (district_id, node_no, parent_id, level, code, name, path)
    select ${DISTRICT}, 100 * c.node_no + g, c.id, 'resident_group', 'G' || c.node_no || '-' || g, g || '组',
      (c.path::text || '.n' || (100 * c.node_no + g))::ltree
    from territory_node c cross join generate_series(1, ${GROUPS}) g
    where c.level = 'community'`.execute(db);
  await sql`
    insert into position (district_id, node_id, kind, holder_name, created_at)
    select ${DISTRICT}, g.id, 'household_chief', '户长' || c.node_no || '-' || k,
      now() - interval '1 day' + k * interval '1 ms'
    from territory_node c cross join generate_series(0, ${CHIEFS - 1}) k
    join territory_node g on g.parent_id = c.id and g.node_no = 100 * c.node_no + 1 + k % ${GROUPS}
    where c.level = 'community'`.execute(db);
  await sql`analyze`.execute(db);
  const nodes = await sql<{ id: string; path: string; no: string }>`
    select id, path::text as path, node_no::text as no from territory_node where level = 'community' order by node_no`.execute(
    db,
  );
  const [ours, base] = nodes.rows as [(typeof nodes.rows)[0], (typeof nodes.rows)[0]];

  const ctx: RequestContext = {
    actor: {
      userId,
      username: 'bench_b12',
      displayName: '基准管理员',
      isSuperuser: true,
      districtId: DISTRICT,
      positions: [],
    },
    districtId: DISTRICT,
    audit: { districtId: DISTRICT, userId, actorName: '基准管理员', requestId: null, ip: null },
  };

  let oursMonth = 0;
  const runOurs = async () => {
    const rota = await generateRota(db, ctx, {
      nodeId: ours.id,
      month: MONTHS[oursMonth++]!,
      perDay: PER_DAY,
    });
    if (rota.duties.length === 0) throw new Error('no duties generated');
  };

  // The same rows in one statement: the rota row, then slot i of the month (continuing after the duties the
  // node already had) goes to the 户长 ranked (i + previous) mod n by the service's order (created_at, id).
  let baseMonth = 0;
  const runBaseline = async () => {
    const month = MONTHS[baseMonth++]!;
    const days = workingDaysOf(month);
    const first = `${month}-01`;
    await sql`
      with chiefs as (
        select p.id, row_number() over (order by p.created_at, p.id) - 1 as k
        from position p join territory_node t on t.district_id = p.district_id and t.id = p.node_id
        where p.district_id = ${DISTRICT} and p.kind = 'household_chief' and t.path <@ ${base.path}::ltree
          and p.valid_from <= current_date and (p.valid_to is null or p.valid_to >= current_date)
      ),
      chief_count as (select count(*) as n from chiefs),
      previous as (
        select count(*) as c from rollcall_duty
        where district_id = ${DISTRICT} and node_id = ${base.id}::uuid and day < ${first}::date
      ),
      rota as (
        insert into rollcall_rota (district_id, node_id, month, per_day, created_by)
        values (${DISTRICT}, ${base.id}::uuid, ${month}, ${PER_DAY}, ${userId}::uuid) returning id
      ),
      days as (
        select d::date as day, row_number() over (order by d) - 1 as di
        from generate_series(${first}::timestamp, ${first}::timestamp + interval '1 month' - interval '1 day',
          interval '1 day') d
        where d::date = any(${days}::date[])
      ),
      slots as (
        select days.day, s.slot, (days.di * ${PER_DAY} + s.slot - 1 + previous.c) % chief_count.n as k
        from days cross join generate_series(1, ${PER_DAY}) s(slot) cross join previous cross join chief_count
      )
      insert into rollcall_duty (district_id, rota_id, node_id, day, slot, position_id)
      select ${DISTRICT}, rota.id, ${base.id}::uuid, slots.day, slots.slot, chiefs.id
      from slots cross join rota join chiefs on chiefs.k = slots.k`.execute(db);
  };

  // Alternated month by month (a month per run, the first a warm-up).
  const { oursMs, baseMs } = await alternatedMedians(RUNS, runOurs, runBaseline);

  // Both sides must have produced the same rota: per month, the same rank of 户长 in every (day, slot).
  const check = await sql<{ node: string; month: string; seq: string; rows: number }>`
    with ranked as (
      select p.id, p.node_id, row_number() over (partition by c.id order by p.created_at, p.id) - 1 as k, c.id as community
      from position p join territory_node g on g.id = p.node_id join territory_node c on c.id = g.parent_id
    )
    select d.node_id::text as node, r.month, string_agg(ranked.k::text, ',' order by d.day, d.slot) as seq,
      count(*)::int as rows
    from rollcall_duty d join rollcall_rota r on r.id = d.rota_id join ranked on ranked.id = d.position_id
    group by d.node_id, r.month`.execute(db);
  const seqs = new Map(check.rows.map((r) => [`${r.node}/${r.month}`, r]));
  let dutiesPerMonth = 0;
  for (const month of MONTHS) {
    const a = seqs.get(`${ours.id}/${month}`);
    const b = seqs.get(`${base.id}/${month}`);
    if (!a || !b || a.seq !== b.seq)
      throw new Error(`rota for ${month} differs between service and baseline`);
    dutiesPerMonth = Math.max(dutiesPerMonth, a.rows);
  }

  // For information: what the rota page's read of the same month costs.
  const readBackMs = await medianMs(RUNS, () => getRota(db, ctx, { nodeId: ours.id, month: MONTHS[0]! }));

  const ratio = oursMs / baseMs;
  report({
    id: 'B12',
    what: `rota of one month for ${CHIEFS} 户长, ${PER_DAY}/day (≤ ${dutiesPerMonth} duties, median of ${RUNS} months)`,
    ours: `generateRota ${oursMs.toFixed(2)} ms`,
    baseline: `INSERT … SELECT ${baseMs.toFixed(2)} ms`,
    ratio,
    target: '≤ 2× time',
    isMet: ratio <= 2,
  });
  console.log(`  (for information: reading a month's rota with getRota takes ${readBackMs.toFixed(2)} ms)`);
} finally {
  await bench.close();
}
