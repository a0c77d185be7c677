// B8 (research/perf.md §5.1): the deadline and escalation sweep over dataset M (~1 M cases, 20 % open, 2 % of all
// past due and warned at 80 % but not yet escalated). Ours: sweepCases (one pass of the case clock). Baseline: hand
// SQL in batches of 1,000, `UPDATE … WHERE due_at < now() AND state IN (open) … RETURNING`, extended to do what
// the sweep does for each overdue case so the two compare like with like: sla_level 100, one escalation level (two
// at twice the limit), the timeline event, the audit row, the overdue warning to the assignee and the field staff
// above, and the escalation notice to the 网格员 (level 1) or the 书记 (level 2). Then two sweepers at once, on two
// pools, must escalate and notify each case exactly once. Target: sweep time ≤ 2× the baseline.
import { sql } from 'kysely';
import { sweepCases } from '../apps/server/src/modules/cases/index.ts';
import { buildCaseDataset, DISTRICT, sharedPool } from './case-dataset.ts';
import { openBenchDb, report, timed } from './lib.ts';

const FINAL = `('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED')`;
const SUPERVISORS = `array['group_chief', 'area_chief', 'grid_chief', 'grid_worker', 'team_leader', 'building_chief']`;
const COMMITTEE = `array['committee_member', 'secretary', 'director']`;

// One batch: picks 1,000 overdue unescalated cases (skip locked, so concurrent runners split the work).
const BATCH_SQL = `
  with picked as (
    select district_id, id from "case"
    where due_at < now() and state not in ${FINAL} and escalation_level = 0
    order by due_at limit 1000 for update skip locked
  ), up as (
    update "case" c set sla_level = 100,
      escalation_level = case when now() - c.node_started_at >= 2 * (c.due_at - c.node_started_at) then 2 else 1 end
    from picked p where c.district_id = p.district_id and c.id = p.id
    returning c.district_id, c.id, c.case_no, c.title, c.state, c.node_path, c.assignee_user_id, c.escalation_level
  ), ev as (
    insert into case_event (district_id, case_id, actor_name, action, note, detail)
    select district_id, id, '系统', 'sla_escalation',
      case escalation_level when 1 then '超时未办，已提醒组长/片长/网格员' else '严重超时，已提醒社区两委' end,
      jsonb_build_object('level', escalation_level) from up
  ), au as (
    insert into audit_log (district_id, actor_name, action, entity_type, entity_id, outcome, detail)
    select district_id, '系统', 'case.sla_escalation', 'case', id::text, 'success',
      jsonb_build_object('caseNo', case_no, 'level', escalation_level, 'state', state) from up
  ), above as (
    select distinct up.id, p.holder_user_id, p.kind
    from up join territory_node n on n.district_id = up.district_id and n.path @> up.node_path
    join position p on p.district_id = n.district_id and p.node_id = n.id and p.holder_user_id is not null
      and p.valid_from <= current_date and (p.valid_to is null or p.valid_to >= current_date)
  ), warn as (
    insert into notification (district_id, recipient_user_id, event, title, body, link, entity_type, entity_id)
    select distinct up.district_id, r.user_id, 'case.sla_warning', '诉求已超时：' || up.title, '编号 ' || up.case_no,
      '/cases/' || up.id, 'case', up.id::text
    from up cross join lateral (
      select up.assignee_user_id as user_id
      union select a.holder_user_id from above a where a.id = up.id and a.kind = any(${SUPERVISORS})
    ) r where r.user_id is not null
  ), notice as (
    insert into notification (district_id, recipient_user_id, event, title, body, link, entity_type, entity_id)
    select distinct up.district_id, a.holder_user_id, 'case.sla_overdue', '诉求超时：' || up.title,
      '编号 ' || up.case_no, '/cases/' || up.id, 'case', up.id::text
    from up join above a on a.id = up.id
      and a.kind = any(case up.escalation_level when 1 then ${SUPERVISORS} else ${COMMITTEE} end)
  )
  select count(*)::int as n from up`;

const bench = await openBenchDb('b8');
const { db } = sharedPool(bench.url);
const second = sharedPool(bench.url);
try {
  const data = await buildCaseDataset(db, { rollup: true });
  // The open cases as generated, so each contender starts from the same state.
  await sql
    .raw(`create table b8_snapshot as select district_id, id, sla_level, escalation_level from "case"
      where district_id = '${DISTRICT}' and due_at is not null and state not in ${FINAL}`)
    .execute(db);
  const reset = async () => {
    await sql
      .raw(`update "case" c set sla_level = s.sla_level, escalation_level = s.escalation_level from b8_snapshot s
        where c.district_id = s.district_id and c.id = s.id
          and (c.sla_level, c.escalation_level) is distinct from (s.sla_level, s.escalation_level);
        delete from outbox_message where notification_id in (select id from notification
          where event in ('case.sla_warning', 'case.sla_overdue'));
        delete from notification where event in ('case.sla_warning', 'case.sla_overdue');
        delete from case_event where action = 'sla_escalation';
        delete from audit_log where action = 'case.sla_escalation'`)
      .execute(db);
    for (const table of ['"case"', 'notification', 'case_event'])
      await sql.raw(`vacuum analyze ${table}`).execute(db);
  };
  const tally = async () => {
    const { rows } = await sql<{
      escalated: number;
      notes: number;
      events: number;
      twice: number;
      noticeTwice: number;
    }>`
      select (select count(*)::int from "case" where escalation_level > 0) as escalated,
        (select count(*)::int from notification where event in ('case.sla_warning', 'case.sla_overdue')) as notes,
        (select count(*)::int from case_event where action = 'sla_escalation') as events,
        (select count(*)::int from (select case_id from case_event where action = 'sla_escalation'
          group by case_id having count(*) > 1) x) as twice,
        (select count(*)::int from (select entity_id, recipient_user_id, event from notification
          where event in ('case.sla_warning', 'case.sla_overdue')
          group by 1, 2, 3 having count(*) > 1) y) as notice_twice`.execute(db);
    return rows[0]!;
  };

  const baseline = await timed(async () => {
    let total = 0;
    for (;;) {
      const { rows } = await sql.raw<{ n: number }>(BATCH_SQL).execute(db);
      total += rows[0]!.n;
      if (rows[0]!.n === 0) return total;
    }
  });
  const baseTally = await tally();
  await reset();

  const ours = await timed(() => sweepCases({ db }));
  const ourTally = await tally();
  await reset();

  const both = await timed(() => Promise.all([sweepCases({ db }), sweepCases({ db: second.db })]));
  const bothTally = await tally();

  report({
    id: 'B8',
    what: `overdue sweep over ${data.cases.toLocaleString('en')} cases (${data.open.toLocaleString('en')} open, ${data.overdue.toLocaleString('en')} past due)`,
    ours: `sweepCases ${(ours.ms / 1000).toFixed(1)} s (escalated ${ours.result.escalated.toLocaleString('en')}, warned ${ours.result.warned.toLocaleString('en')})`,
    baseline: `hand SQL batches of 1,000 ${(baseline.ms / 1000).toFixed(1)} s (escalated ${baseline.result.toLocaleString('en')})`,
    ratio: ours.ms / baseline.ms,
    target: '≤ 2× the baseline time',
    isMet: ours.ms / baseline.ms <= 2,
  });
  const { rows: shape } = await sql<{ running: number; warned: number }>`
    select count(*)::int as running, count(*) filter (where sla_level >= 50)::int as warned from b8_snapshot`.execute(
    db,
  );
  console.log(
    `  check: escalation events baseline ${baseTally.events.toLocaleString('en')}, sweepCases ${ourTally.events.toLocaleString('en')}; ` +
      `notifications baseline ${baseTally.notes.toLocaleString('en')}, sweepCases ${ourTally.notes.toLocaleString('en')}`,
  );
  console.log(
    `  (of ${shape[0]!.running.toLocaleString('en')} running cases, ${shape[0]!.warned.toLocaleString('en')} were already at ≥ 50 %; the sweep writes only those whose level or escalation changes)`,
  );
  const once = bothTally.twice === 0 && bothTally.noticeTwice === 0 && bothTally.events === ourTally.events;
  console.log(
    `B8 two sweepers at once (${(both.ms / 1000).toFixed(1)} s; escalated ${both.result[0].escalated.toLocaleString('en')} + ${both.result[1].escalated.toLocaleString('en')}): ` +
      `${bothTally.events.toLocaleString('en')} escalation events for ${bothTally.escalated.toLocaleString('en')} cases, ` +
      `${bothTally.twice} cases escalated twice, ${bothTally.noticeTwice} duplicate notifications (target 0 and 0) ${once ? 'MET' : 'NOT MET'}`,
  );
} finally {
  await second.db.destroy();
  await db.destroy();
  await bench.close();
}
