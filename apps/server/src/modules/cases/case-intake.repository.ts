import { type Insertable, sql } from 'kysely';
import type { Case, Json } from '../../db/db.generated.ts';
import { type AuditContext, type AuditEntry, auditInsert } from '../../platform/audit/audit-log.ts';
import type { Executor } from '../../platform/db/database.ts';
import { executePreparedTakeFirst } from '../../platform/db/prepared.ts';
import { activeToday } from '../../platform/db/validity.ts';
import { type NotifyInput, notificationWrites } from '../notifications/index.ts';

const LINK_ACTIVE = activeToday('hl');
const POSITION_ACTIVE = activeToday('p');

export interface IntakeInput {
  userId: string;
  householdId: string | null;
  nodeId: string | null;
  reporterResidentId: string | null;
  categoryCode: string;
  /** The submission's idempotency key: a case the caller already filed with it is returned instead. */
  idempotencyKey: string | null;
  /** The caller's `cases.submit` linked positions: a household linked to one of them is in scope. */
  linkedPositionIds: readonly string[];
}

interface ResidentFacts {
  id: string;
  householdId: string;
  name: string;
  phoneEnc: Buffer | null;
  phoneMasked: string | null;
}

/** Everything intake reads before it writes, from one statement (null columns where a part is absent). */
export interface IntakeFacts {
  /** The caller's case filed earlier with the same idempotency key. */
  existingCaseId: string | null;
  ownId: string | null;
  ownHouseholdId: string | null;
  ownName: string | null;
  ownPhoneEnc: Buffer | null;
  ownPhoneMasked: string | null;
  repId: string | null;
  repHouseholdId: string | null;
  repName: string | null;
  repPhoneEnc: Buffer | null;
  repPhoneMasked: string | null;
  repUserId: string | null;
  householdId: string | null;
  householdNodeId: string | null;
  householdAddress: string | null;
  headResidentId: string | null;
  headName: string | null;
  headPhoneEnc: Buffer | null;
  headPhoneMasked: string | null;
  headUserId: string | null;
  isLinked: boolean;
  nodeId: string | null;
  nodePath: string | null;
  nodeName: string | null;
  communityId: string | null;
  communityCode: string | null;
  communityName: string | null;
  categoryCode: string | null;
  categoryName: string | null;
  defaultUrgency: string | null;
  isRetired: boolean | null;
  /** The district's own sign limit (what case lists show), before any community override. */
  categorySignLimitHours: number | null;
  signLimitHours: number | null;
  triageLimit: number | null;
  triageUnit: string | null;
  handleLimit: number | null;
  handleUnit: string | null;
  responderId: string | null;
  responderUserId: string | null;
  responderName: string | null;
}

export const ownOf = (f: IntakeFacts): ResidentFacts | undefined =>
  f.ownId
    ? {
        id: f.ownId,
        householdId: f.ownHouseholdId!,
        name: f.ownName!,
        phoneEnc: f.ownPhoneEnc,
        phoneMasked: f.ownPhoneMasked,
      }
    : undefined;

/**
 * One round trip for intake: the case the caller filed earlier with the same idempotency key, the caller's own
 * resident, the named reporter, the household (the named one, else the reporter's, else the caller's own when no
 * place is named) or the place, its community, the category with the community's limits (as effectiveLimits
 * merges them), and the first responder by the routing rule of firstResponderOf: the household's 邻长, else its
 * 户长 (active 联户 link), else the 网格员 nearest above it.
 */
export async function resolveIntake(db: Executor, districtId: string, i: IntakeInput): Promise<IntakeFacts> {
  // One array parameter, so the prepared text is the same however many positions are linked.
  const linked = sql`${[...i.linkedPositionIds]}::uuid[]`;
  const query = sql<IntakeFacts>`
    with own as (
      select r.id, r.household_id, r.name, r.phone_enc, r.phone_masked
      from resident_account ra
      join resident r on r.district_id = ra.district_id and r.id = ra.resident_id
      where ra.district_id = ${districtId} and ra.user_id = ${i.userId}
      limit 1
    ), rep as (
      select r.id, r.household_id, r.name, r.phone_enc, r.phone_masked,
        (select a.user_id from resident_account a where a.district_id = r.district_id and a.resident_id = r.id
          limit 1) as user_id
      from resident r
      where r.district_id = ${districtId} and r.id = ${i.reporterResidentId}::uuid
    ), hh as (
      select h.id, h.node_id, h.address, h.head_resident_id, n.path
      from household h
      join territory_node n on n.district_id = h.district_id and n.id = h.node_id
      where h.district_id = ${districtId} and h.id = coalesce(
        ${i.householdId}::uuid,
        (select household_id from rep),
        case when ${i.nodeId}::uuid is null then (select household_id from own) end)
    ), place as (
      select coalesce(hh.path, n.path) as path, n.id as node_id, n.path::text as node_path, n.name as node_name
      from (select 1) one
      left join hh on true
      left join territory_node n on n.district_id = ${districtId}
        and n.id = coalesce(hh.node_id, ${i.nodeId}::uuid)
    )
    select
      (select c.id from "case" c where c.district_id = ${districtId} and c.submitted_by = ${i.userId}
        and c.idempotency_key = ${i.idempotencyKey}::text) as existing_case_id,
      own.id as own_id, own.household_id as own_household_id, own.name as own_name,
      own.phone_enc as own_phone_enc, own.phone_masked as own_phone_masked,
      rep.id as rep_id, rep.household_id as rep_household_id, rep.name as rep_name,
      rep.phone_enc as rep_phone_enc, rep.phone_masked as rep_phone_masked, rep.user_id as rep_user_id,
      hh.id as household_id, hh.node_id as household_node_id, hh.address as household_address,
      hh.head_resident_id,
      head.name as head_name, head.phone_enc as head_phone_enc, head.phone_masked as head_phone_masked,
      head.user_id as head_user_id,
      exists (select 1 from household_link hl where hl.district_id = ${districtId} and hl.household_id = hh.id
        and hl.position_id = any(${linked}) and ${LINK_ACTIVE}) as is_linked,
      place.node_id, place.node_path, place.node_name,
      com.id as community_id, com.code as community_code, com.name as community_name,
      cat.code as category_code, cat.name as category_name, cat.default_urgency, cat.is_retired,
      cat.sign_limit_hours as category_sign_limit_hours,
      coalesce(o.sign_limit_hours, cat.sign_limit_hours) as sign_limit_hours,
      coalesce(o.triage_limit, cat.triage_limit) as triage_limit,
      case when o.triage_limit is not null then o.triage_unit else cat.triage_unit end as triage_unit,
      coalesce(o.handle_limit, cat.handle_limit) as handle_limit,
      case when o.handle_limit is not null then o.handle_unit else cat.handle_unit end as handle_unit,
      resp.id as responder_id, resp.holder_user_id as responder_user_id,
      coalesce(resp.display_name, resp.holder_name) as responder_name
    from place
    left join own on true
    left join rep on true
    left join hh on true
    left join lateral (
      select r.name, r.phone_enc, r.phone_masked,
        (select a.user_id from resident_account a where a.district_id = r.district_id and a.resident_id = r.id
          limit 1) as user_id
      from resident r where r.district_id = ${districtId} and r.id = hh.head_resident_id
    ) head on true
    left join lateral (
      select t.id, t.code, t.name from territory_node t
      where t.district_id = ${districtId} and t.level in ('community', 'natural_village') and t.path @> place.path
      order by nlevel(t.path) desc
      limit 1
    ) com on true
    left join case_category cat on cat.district_id = ${districtId} and cat.code = ${i.categoryCode}
    left join case_limit_override o on o.district_id = cat.district_id and o.category_code = cat.code
      and o.community_id = com.id
    left join lateral (
      select x.id, x.holder_user_id, x.holder_name, u.display_name
      from (
        (select p.id, p.holder_user_id, p.holder_name, 0 as pri
          from household_link hl
          join position p on p.district_id = hl.district_id and p.id = hl.position_id
          where hl.district_id = ${districtId} and hl.household_id = hh.id
            and p.kind in ('neighbour_chief', 'household_chief') and p.holder_user_id is not null
            and ${LINK_ACTIVE} and ${POSITION_ACTIVE}
          order by case p.kind when 'neighbour_chief' then 0 else 1 end, hl.covers_position_id desc, p.id
          limit 1)
        union all
        (select p.id, p.holder_user_id, p.holder_name, 1 as pri
          from territory_node n
          -- Per ancestor through the node index (offset 0 keeps it a nested loop over the few ancestors).
          cross join lateral (
            select p.id, p.holder_user_id, p.holder_name from position p
            where p.district_id = n.district_id and p.node_id = n.id and p.kind = 'grid_worker'
              and p.holder_user_id is not null and ${POSITION_ACTIVE}
            offset 0
          ) p
          where n.district_id = ${districtId} and n.path @> place.path
          order by nlevel(n.path) desc, p.id
          limit 1)
      ) x
      left join app_user u on u.id = x.holder_user_id
      order by x.pri
      limit 1
    ) resp on true`;
  // Prepared: planning it costs more than running it, and its text is the same for every intake.
  return (await executePreparedTakeFirst(db, { compile: () => query.compile(db) }))!;
}

/** Links the caller's own unused uploads to the submit event and returns them in timeline order. */
export async function linkIntakeAttachments(
  db: Executor,
  districtId: string,
  ids: readonly string[],
  uploadedBy: string,
  caseId: string,
  eventId: string,
) {
  if (ids.length === 0) return [];
  return db
    .updateTable('caseAttachment')
    .set({ caseId, eventId })
    .where('districtId', '=', districtId)
    .where('id', 'in', [...ids])
    .where('uploadedBy', '=', uploadedBy)
    .where('caseId', 'is', null)
    .returning(['id', 'eventId', 'fileName', 'mime', 'size', 'createdAt'])
    .execute()
    .then((rows) =>
      rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)),
    );
}

// The case number the filing statement draws from the community's counter for the business day.
const CASE_NO = sql<string>`(select issued from counter)`;

/** A text around the case number the filing statement draws (notification texts that name it). */
export const aroundCaseNo = (before: string, after = '') =>
  sql<string>`${before}::text || ${CASE_NO} || ${after}::text`;

/** The audit detail with the drawn case number added as `caseNo`. */
export const withCaseNo = (detail: Record<string, unknown>) =>
  sql<Json>`${JSON.stringify(detail)}::jsonb || jsonb_build_object('caseNo', ${CASE_NO})`;

/**
 * Files a case in one atomic statement of data-modifying CTEs: draws the next `{communityCode}-{yyyymmdd}-{seq}`
 * number for the community's business day, inserts the case, its submit event, the audit row and the
 * notifications (with their SMS), and returns the case as lists read it (with its sort key and path as text)
 * and the event. The case row's statistics trigger locks the district's roll-up rows until commit, so outside a
 * transaction they are held for this one statement only.
 */
export async function fileCase(
  db: Executor,
  community: { id: string; code: string },
  values: Omit<Insertable<Case>, 'caseNo'> & { id: string; districtId: string },
  event: { actorUserId: string | null; actorName: string; detail: Record<string, unknown> },
  audit: { ctx: AuditContext; entry: AuditEntry },
  notices: readonly NotifyInput[],
) {
  const { inbox, outbox } = notificationWrites(notices);
  const seq = sql`last_value::text`;
  const statement = db
    .with('counter', (qb) =>
      qb
        .insertInto('caseCounter')
        .values({
          districtId: values.districtId,
          communityId: community.id,
          day: sql<string>`current_date`,
          lastValue: 1,
        })
        .onConflict((oc) =>
          oc
            .columns(['districtId', 'communityId', 'day'])
            .doUpdateSet({ lastValue: sql`case_counter.last_value + 1` }),
        )
        // Four digits at least, never cut (lpad alone would truncate a fifth).
        .returning(
          sql<string>`${community.code}::text || '-' || to_char(day, 'YYYYMMDD') || '-'
            || lpad(${seq}, greatest(4, length(${seq})), '0')`.as('issued'),
        ),
    )
    .with('c', (qb) =>
      qb
        .insertInto('case')
        .values({ ...values, caseNo: CASE_NO })
        .returningAll(),
    )
    .with('e', (qb) =>
      qb
        .insertInto('caseEvent')
        .values({
          districtId: values.districtId,
          caseId: values.id,
          actorUserId: event.actorUserId,
          actorName: event.actorName,
          action: 'submit',
          fromState: null,
          toState: 'SUBMITTED',
          note: null,
          detail: JSON.stringify(event.detail),
        })
        .returningAll(),
    )
    .with('audit', (qb) => auditInsert(qb, audit.ctx, audit.entry))
    // Raw statements are not parenthesised by Kysely as its own builders are.
    .with('inbox', () => sql<Record<string, never>>`(${inbox})`)
    .with('outbox', () => sql<Record<string, never>>`(${outbox})`)
    .selectFrom(['c', 'e'])
    .selectAll('c')
    .select([
      sql<string>`c.updated_at::text`.as('sortKey'),
      sql<string>`c.node_path::text`.as('nodePathText'),
      'e.id as eventId',
      'e.at as eventAt',
      'e.actorName as eventActorName',
    ]);
  // Prepared: one shape per number of notifications, planned once per connection.
  const filed = await executePreparedTakeFirst(db, statement);
  if (!filed) throw new Error('filing a case returned no row');
  return filed;
}
