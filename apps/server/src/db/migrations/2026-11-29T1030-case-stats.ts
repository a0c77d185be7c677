import { type Kysely, sql } from 'kysely';

// Case statistics roll-ups (docs/decisions/006-case-statistics-rollup.md). A trigger on "case" keeps one
// case_fact row per case and adds its difference to case_stat: one row per (ancestor node, month,
// category or '' for all) with additive counters, so a dashboard sums a few hundred rows, never the cases.

/** Ancestors rolled up: district, street, community and the level below it (grid, 片区, 自然村). */
const ROLLUP_DEPTH = 4;
/** Upper bounds in hours of the handling-time histogram buckets h0…h14; h15 is everything longer. */
const HIST_HOURS = [1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 168, 240, 336, 480, 720];
const HIST = Array.from({ length: HIST_HOURS.length + 1 }, (_, i) => `h${i}`);
const CHANNELS = [
  'resident_app',
  'proxy',
  'suggestion_box',
  'phone',
  'wechat',
  'patrol',
  'meeting',
  'hotline_12345',
];
const URGENCIES = ['normal', 'urgent', 'critical'];

/** Counter column → its value (0/1 or seconds) for one fact row `f`. */
const COUNTERS: [string, string][] = [
  ['received', 'f.counted'],
  ['withdrawn', `f.counted and f.state = 'WITHDRAWN'`],
  ['not_accepted', `f.state = 'NOT_ACCEPTED'`],
  ['open', 'f.is_open'],
  ['open_overdue', 'f.is_open and f.overdue'],
  ['respond_due', 'f.respond_due'],
  ['responded_on_time', 'f.responded_on_time'],
  ['rated', 'f.satisfaction is not null'],
  ['resolved', 'coalesce(f.resolved, false)'],
  ['sat5', 'f.satisfaction = 5'],
  ['sat4', 'f.satisfaction = 4'],
  ['sat3', 'f.satisfaction = 3'],
  ['closed', `f.state = 'CLOSED'`],
  ['close_due', `f.state = 'CLOSED' or (f.is_open and f.overdue)`],
  ['closed_on_time', 'f.closed_on_time'],
  ['closed_local', `f.state = 'CLOSED' and f.handled_locally`],
  ['replied', 'f.counted and f.replied'],
  ['handled', 'f.counted and f.handled'],
  ['reworked', 'f.counted and f.handled and f.reworked'],
  ...CHANNELS.map((c): [string, string] => [`ch_${c}`, `f.counted and f.channel = '${c}'`]),
  ...URGENCIES.map((u): [string, string] => [`u_${u}`, `f.counted and f.urgency = '${u}'`]),
  ...HIST.map((h, i): [string, string] => [h, `f.handle_seconds is not null and f.hist_bucket = ${i}`]),
];
const COLUMNS = [...COUNTERS.map(([c]) => c), 'handle_seconds'];
const VALUES = [
  ...COUNTERS.map(([, e]) => `s * coalesce(${e}, false)::int`),
  `s * coalesce(f.handle_seconds, 0)::bigint`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create table case_stat_setting (
      district_id text not null references district(id),
      weight_response smallint not null default 30 check (weight_response between 0 and 100),
      weight_resolution smallint not null default 35 check (weight_resolution between 0 and 100),
      weight_satisfaction smallint not null default 35 check (weight_satisfaction between 0 and 100),
      basic_satisfied_factor numeric(3, 2) not null default 1 check (basic_satisfied_factor between 0 and 1),
      updated_at timestamptz not null default now(),
      primary key (district_id),
      check (weight_response + weight_resolution + weight_satisfaction = 100)
    );

    -- What the rates need of one case; sticky facts (signed_at, handled) survive later state changes.
    create table case_fact (
      district_id text not null,
      case_id uuid not null,
      node_path ltree not null,
      category_code text not null,
      channel text not null,
      urgency text not null,
      month date not null,
      state text not null,
      counted boolean not null,
      is_open boolean not null,
      overdue boolean not null,
      sign_due_at timestamptz,
      signed_at timestamptz,
      respond_due boolean not null,
      responded_on_time boolean not null,
      resolved boolean,
      satisfaction smallint,
      closed_on_time boolean not null,
      handled_locally boolean not null,
      replied boolean not null,
      handled boolean not null,
      reworked boolean not null,
      handle_seconds bigint,
      hist_bucket smallint,
      primary key (district_id, case_id),
      foreign key (district_id, case_id) references "case" (district_id, id) on delete cascade
    );
    create index case_fact_node_path_idx on case_fact using gist (node_path);

    -- node_no is the n<node_no> label of an ancestor in case.node_path; category_code '' is all categories.
    create table case_stat (
      district_id text not null,
      node_no bigint not null,
      category_code text not null,
      month date not null,
      ${COLUMNS.map((c) => `${c} ${c === 'handle_seconds' ? 'bigint' : 'integer'} not null default 0`).join(',\n      ')},
      primary key (district_id, node_no, category_code, month)
    );

    create function case_fact_of(c "case", prev case_fact) returns case_fact language plpgsql stable as $$
    declare
      f case_fact;
      hours double precision;
    begin
      f.district_id := c.district_id;
      f.case_id := c.id;
      f.node_path := c.node_path;
      f.category_code := c.category_code;
      f.channel := c.channel;
      f.urgency := c.urgency;
      f.month := date_trunc('month', (c.created_at at time zone 'Asia/Shanghai')::date)::date;
      f.state := c.state;
      f.counted := c.state <> 'MERGED';
      f.is_open := c.state not in ('NOT_ACCEPTED', 'CLOSED', 'WITHDRAWN', 'MERGED');
      -- Open cases turn overdue through the SLA sweep, which updates sla_level and so fires this trigger.
      f.overdue := c.sla_level = 100 or coalesce(c.overall_due_at < now(), false);
      f.sign_due_at := case when c.state = 'SUBMITTED' then c.due_at else prev.sign_due_at end;
      f.signed_at := coalesce(prev.signed_at, case
        when c.state in ('SUBMITTED', 'WITHDRAWN', 'MERGED') then null
        when prev.case_id is null then c.created_at
        else now() end);
      f.respond_due := f.counted and (f.signed_at is not null or (c.state = 'SUBMITTED' and c.sla_level = 100));
      f.responded_on_time := f.counted and f.signed_at is not null
        and f.signed_at <= coalesce(f.sign_due_at, f.signed_at);
      f.resolved := case when c.satisfaction is null then null else c.resolved end;
      f.satisfaction := c.satisfaction;
      f.closed_on_time := c.state = 'CLOSED' and c.closed_at is not null
        and c.closed_at <= coalesce(c.overall_due_at, c.closed_at);
      f.handled_locally := c.handled_locally;
      f.replied := c.reply_at is not null;
      f.handled := coalesce(prev.handled, false) or c.rework_count > 0
        or c.state in ('VERIFYING', 'AWAITING_CONFIRMATION', 'CLOSED', 'REOPENED');
      f.reworked := c.rework_count > 0;
      if c.state = 'CLOSED' and c.closed_at is not null then
        f.handle_seconds := greatest(0, extract(epoch from c.closed_at - c.created_at))::bigint;
        hours := f.handle_seconds / 3600.0;
        f.hist_bucket := width_bucket(hours, array[${HIST_HOURS.join(', ')}]::double precision[]);
      end if;
      return f;
    end $$;

    -- Adds s × one fact to the rows of its ancestors down to depth ${ROLLUP_DEPTH}, for its category and for ''.
    create function case_stat_apply(f case_fact, s integer) returns void language sql as $$
      insert into case_stat (district_id, node_no, category_code, month, ${COLUMNS.join(', ')})
      select f.district_id, substr(subpath(f.node_path, l.i, 1)::text, 2)::bigint, k.code, f.month,
        ${VALUES.join(',\n        ')}
      from generate_series(0, least(nlevel(f.node_path), ${ROLLUP_DEPTH}) - 1) l(i),
        (values (f.category_code), ('')) k(code)
      on conflict (district_id, node_no, category_code, month) do update set
        ${COLUMNS.map((c) => `${c} = case_stat.${c} + excluded.${c}`).join(',\n        ')}
    $$;

    -- The case_stat rows of node p and its direct children, computed from the facts: for nodes at depth
    -- ${ROLLUP_DEPTH} and below, whose children the roll-up does not keep (a grid's subtree is a few hundred cases).
    create function case_stat_below(d text, p ltree) returns setof case_stat language sql stable as $$
      select d, x.node_no, k.code, x.month, ${COLUMNS.map((c) => `sum(x.${c})::${c === 'handle_seconds' ? 'bigint' : 'int'}`).join(', ')}
      from (
        select n.node_no, f.category_code, f.month, ${VALUES.map((v, i) => `${v.replace('s * ', '')} as ${COLUMNS[i]}`).join(',\n          ')}
        from case_fact f,
          unnest(array[substr(subpath(p, nlevel(p) - 1, 1)::text, 2)::bigint]
            || case when nlevel(f.node_path) > nlevel(p)
                 then array[substr(subpath(f.node_path, nlevel(p), 1)::text, 2)::bigint] else '{}' end) n(node_no)
        where f.district_id = d and f.node_path <@ p
      ) x, lateral (values (x.category_code), ('')) k(code)
      group by x.node_no, k.code, x.month
    $$;

    create function case_fact_sync() returns trigger language plpgsql as $$
    declare
      old_fact case_fact;
      new_fact case_fact;
    begin
      if tg_op = 'DELETE' then
        select * into old_fact from case_fact where district_id = old.district_id and case_id = old.id;
        if found then perform case_stat_apply(old_fact, -1); end if;
        return old;
      end if;
      select * into old_fact from case_fact where district_id = new.district_id and case_id = new.id;
      new_fact := case_fact_of(new, old_fact);
      if old_fact.case_id is not null then
        if old_fact is not distinct from new_fact then return null; end if;
        perform case_stat_apply(old_fact, -1);
        delete from case_fact where district_id = old_fact.district_id and case_id = old_fact.case_id;
      end if;
      perform case_stat_apply(new_fact, 1);
      insert into case_fact select new_fact.*;
      return null;
    end $$;
    create trigger case_stats_sync after insert or update on "case"
      for each row execute function case_fact_sync();
    -- Before the delete, while the fact row is still there (the foreign key cascades it away after).
    create trigger case_stats_unsync before delete on "case"
      for each row execute function case_fact_sync();

    -- Recomputes a district's facts (keeping sticky ones) and its roll-up from scratch: after bulk loads
    -- with the trigger off, after moving a territory subtree, and to prove zero drift.
    create function case_stats_rebuild(d text) returns void language plpgsql as $$
    begin
      create temp table case_fact_next on commit drop as
        select f.* from "case" c
        left join case_fact p on p.district_id = c.district_id and p.case_id = c.id
        cross join lateral case_fact_of(c, p) f
        where c.district_id = d;
      delete from case_fact where district_id = d;
      insert into case_fact select * from case_fact_next;
      drop table case_fact_next;
      delete from case_stat where district_id = d;
      -- Paths cut at the roll-up depth first, with '' rows by grouping sets, so the fan-out to ancestors
      -- works on grid-month-category groups rather than on cases.
      insert into case_stat (district_id, node_no, category_code, month, ${COLUMNS.join(', ')})
      select d, substr(subpath(g.tp, l.i, 1)::text, 2)::bigint, g.code, g.month,
        ${COLUMNS.map((c) => `sum(g.${c})`).join(', ')}
      from (
        select subpath(f.node_path, 0, least(nlevel(f.node_path), ${ROLLUP_DEPTH})) as tp,
          case when grouping(f.category_code) = 1 then '' else f.category_code end as code, f.month,
          ${COLUMNS.map((c, i) => `sum(${VALUES[i]!.replace('s * ', '')}) as ${c}`).join(',\n          ')}
        from case_fact f where f.district_id = d
        group by grouping sets ((subpath(f.node_path, 0, least(nlevel(f.node_path), ${ROLLUP_DEPTH})), f.category_code, f.month), (subpath(f.node_path, 0, least(nlevel(f.node_path), ${ROLLUP_DEPTH})), f.month))
      ) g, generate_series(0, nlevel(g.tp) - 1) l(i)
      group by 2, g.code, g.month;
    end $$;
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger case_stats_unsync on "case";
    drop trigger case_stats_sync on "case";
    drop function case_stats_rebuild(text), case_fact_sync(), case_stat_below(text, ltree),
      case_stat_apply(case_fact, integer),
      case_fact_of("case", case_fact);
    drop table case_stat, case_fact, case_stat_setting;
  `.execute(db);
}
