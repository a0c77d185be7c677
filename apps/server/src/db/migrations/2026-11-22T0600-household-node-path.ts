import { type Kysely, sql } from 'kysely';

// Households carry a copy of their node's ltree path so that subtree counts are one index scan
// (research/perf.md §3.6, B5a). Triggers keep the copy in step with every writer: inserts, COPY, moves of a
// household, and moves of a territory subtree (docs/decisions/004-territory-paths.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table household add column node_path ltree;
    update household h set node_path = n.path from territory_node n where n.district_id = h.district_id and n.id = h.node_id;
    alter table household alter column node_path set not null;
    -- The default only satisfies NOT NULL before the trigger below fills in the real path.
    alter table household alter column node_path set default ''::ltree;
    create index household_node_path_idx on household using gist (node_path);

    create function household_set_node_path() returns trigger language plpgsql as $$
    begin
      select path into new.node_path from territory_node where district_id = new.district_id and id = new.node_id;
      return new;
    end $$;
    create trigger household_node_path before insert or update of node_id on household
      for each row execute function household_set_node_path();

    create function territory_node_sync_household_paths() returns trigger language plpgsql as $$
    begin
      update household set node_path = new.path where district_id = new.district_id and node_id = new.id;
      return null;
    end $$;
    create trigger territory_node_household_paths after update of path on territory_node
      for each row when (old.path is distinct from new.path) execute function territory_node_sync_household_paths();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger territory_node_household_paths on territory_node;
    drop function territory_node_sync_household_paths();
    drop trigger household_node_path on household;
    drop function household_set_node_path();
    alter table household drop column node_path;
  `.execute(db);
}
