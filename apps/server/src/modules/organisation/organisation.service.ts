import type {
  AssignHouseholdsBodySchema,
  CoverageReport,
  CreatePositionBodySchema,
  HandoverBodySchema,
  PositionDetail,
  UpdatePositionBodySchema,
} from '@gongzhi/contract/organisation';
import type { z } from 'zod';
import { canAtNode, isWithin } from '../../platform/access/actor.ts';
import { type Permission, POSITION_LABELS, type PositionKind } from '../../platform/access/positions.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { type FieldCrypto, maskPhone } from '../../platform/crypto.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { decodeCursor, pageFrom } from '../../platform/http/keyset-cursor.ts';
import { LANDLINE, MOBILE } from '../people/index.ts';
import { communityOf, defaultLevelTemplate, findNodeInScope, getLevelTemplate } from '../territory/index.ts';
import {
  type CoverageChief,
  computeCoverage,
  isLinkerKind,
  kindsPresent,
  LINKER_KINDS,
  type LinkerKind,
  type SpanRule,
  spanRuleFor,
  spanStatus,
  spansForPath,
} from './coverage.ts';
import { assertMayGrant, canViewPosition, requirePermission } from './organisation.policy.ts';
import { presentDeputy, presentHandover, presentPosition } from './organisation.presenter.ts';
import * as repo from './organisation.repository.ts';
import { businessToday, closeBefore, closeOn } from './validity.ts';

type PositionRow = NonNullable<Awaited<ReturnType<typeof repo.findPosition>>>;

// ---------------------------------------------------------------- shared helpers

/** Access first (403 without the permission anywhere), then the record (404 outside district or scope). */
async function loadPosition(
  db: Executor,
  ctx: RequestContext,
  id: string,
  permission: Permission,
  today: string,
): Promise<PositionRow> {
  requirePermission(ctx.actor, permission);
  const row = await repo.findPosition(db, ctx.districtId, id, today);
  const isVisible =
    row &&
    (permission === 'organisation.view'
      ? canViewPosition(ctx.actor, row)
      : canAtNode(ctx.actor, permission, row.nodePath));
  if (!row || !isVisible) throw notFound('职务');
  return row;
}

function spansOf(levels: unknown): SpanRule[] {
  const spans = (levels as { spans?: unknown } | null)?.spans;
  return Array.isArray(spans) ? (spans as SpanRule[]) : [];
}

const DEFAULT_SPANS = defaultLevelTemplate().spans;

/** The span rules of the community a node lies in (the default template above community level). */
async function spansAt(db: Executor, districtId: string, nodePath: string): Promise<readonly SpanRule[]> {
  const community = await communityOf(db, districtId, nodePath);
  return community ? (await getLevelTemplate(db, districtId, community.id)).spans : DEFAULT_SPANS;
}

const who = (row: { kind: string; holderName: string }) =>
  `${POSITION_LABELS[row.kind as PositionKind]}${row.holderName}`;

async function spanOfPosition(db: Executor, districtId: string, row: PositionRow) {
  const rule = isLinkerKind(row.kind)
    ? spanRuleFor(await spansAt(db, districtId, row.nodePath), row.kind)
    : null;
  return spanStatus(row.householdCount ?? 0, rule, who(row));
}

async function detailOf(
  db: Executor,
  districtId: string,
  row: PositionRow,
  today: string,
): Promise<PositionDetail> {
  const [span, groups, uncovered, deputies, deputyFor] = await Promise.all([
    spanOfPosition(db, districtId, row),
    repo.handoverGroups(db, districtId, row.id, today),
    repo.uncoveredDuringHandover(db, districtId, row.id, today),
    repo.openDeputies(db, districtId, row.id, today, 'absent'),
    repo.openDeputies(db, districtId, row.id, today, 'deputy'),
  ]);
  const handoversOut = groups.filter((g) => g.fromPositionId === row.id).map(presentHandover);
  return {
    ...presentPosition(row),
    span,
    handoversOut,
    uncoveredDuringHandover: handoversOut.length > 0 ? uncovered : 0,
    handoversIn: groups.filter((g) => g.toPositionId === row.id).map(presentHandover),
    deputy: deputies.map(presentDeputy)[0] ?? null,
    deputyFor: deputyFor.map(presentDeputy),
  };
}

async function reloadDetail(db: Executor, districtId: string, id: string, today: string) {
  const row = await repo.findPosition(db, districtId, id, today);
  return detailOf(db, districtId, row!, today);
}

function requireLinker(row: PositionRow, today: string): LinkerKind {
  if (!row.isActive)
    throw new AppError('CONFLICT', `${who(row)}${row.validFrom > today ? '尚未到任' : '已卸任'}，不能联户`);
  if (!isLinkerKind(row.kind))
    throw new AppError('CONFLICT', `“${POSITION_LABELS[row.kind as PositionKind]}”职务不直接联系住户`);
  return row.kind;
}

/** Ends links so that they no longer hold on `day`; a link that never held a day is deleted. */
async function closeLinksBefore(
  db: Executor,
  districtId: string,
  links: readonly repo.LinkRow[],
  day: string,
): Promise<void> {
  await applyClosing(
    db,
    districtId,
    links.map((l) => ({ id: l.id, decision: closeBefore(l, day) })),
  );
}

async function applyClosing(
  db: Executor,
  districtId: string,
  decisions: { id: string; decision: ReturnType<typeof closeBefore> }[],
) {
  await repo.deleteLinks(
    db,
    districtId,
    decisions.filter((d) => d.decision.action === 'delete').map((d) => d.id),
  );
  const byDay = new Map<string, string[]>();
  for (const { id, decision } of decisions)
    if (decision.action === 'end') byDay.set(decision.validTo, [...(byDay.get(decision.validTo) ?? []), id]);
  for (const [validTo, ids] of byDay) await repo.endLinks(db, districtId, ids, validTo);
}

// ---------------------------------------------------------------- positions

export interface ListPositionsQuery {
  nodeId: string;
  scope: 'node' | 'subtree';
  kind?: PositionKind | undefined;
  includeEnded: boolean;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (cursor) */
export async function listPositions(db: Database, ctx: RequestContext, query: ListPositionsQuery) {
  const node = await findNodeInScope(db, ctx, query.nodeId, 'organisation.view');
  const after = decodeCursor(query.cursor, 4) as [string, string, string, string] | null;
  const rows = await repo.listPositions(db, ctx.districtId, {
    ...query,
    kind: query.kind,
    q: query.q,
    nodePath: node.path,
    after,
    today: businessToday(),
  });
  return pageFrom(rows, query.limit, presentPosition, (r) => [r.nodePath, r.kind, r.holderName, r.id]);
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function getPosition(db: Database, ctx: RequestContext, id: string): Promise<PositionDetail> {
  const today = businessToday();
  const row = await loadPosition(db, ctx, id, 'organisation.view', today);
  return detailOf(db, ctx.districtId, row, today);
}

type CreatePositionInput = z.output<typeof CreatePositionBodySchema>;
type UpdatePositionInput = z.output<typeof UpdatePositionBodySchema>;

/** Checks the people and accounts a position refers to; each problem names its field. */
async function checkHolder(db: Executor, ctx: RequestContext, input: UpdatePositionInput) {
  if (input.holderResidentId) {
    const resident = await repo.residentPlace(db, ctx.districtId, input.holderResidentId);
    if (!resident || !canAtNode(ctx.actor, 'organisation.manage', resident.nodePath)) {
      throw invalid('holderResidentId', '居民不存在或不在您的管辖范围内');
    }
  }
  if (input.holderUserId) {
    const user = await repo.findUser(db, input.holderUserId);
    if (!user || user.disabledAt) throw invalid('holderUserId', '登录账号不存在或已停用');
  }
  if (input.partyMemberId) {
    const member = await repo.findPartyMember(db, ctx.districtId, input.partyMemberId);
    if (!member?.nodePath || !canAtNode(ctx.actor, 'organisation.manage', member.nodePath)) {
      throw invalid('partyMemberId', '党员不存在或不在您的管辖范围内');
    }
  }
}

function phoneValues(crypto: FieldCrypto, phone: string | null | undefined) {
  const value = phone?.replace(/\s/g, '') || null;
  if (value && !MOBILE.test(value) && !LANDLINE.test(value))
    throw invalid('phone', '联系电话应为 11 位手机号或带区号的固定电话');
  return { phoneEnc: value ? crypto.encrypt(value) : null, phoneMasked: value ? maskPhone(value) : null };
}

/**
 * Creates a position at a node; with `holderUserId` the login gains the position's permissions there.
 * @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED
 */
export async function createPosition(
  db: Database,
  crypto: FieldCrypto,
  ctx: RequestContext,
  input: CreatePositionInput,
): Promise<PositionDetail> {
  const node = await findNodeInScope(db, ctx, input.nodeId, 'organisation.manage');
  if (input.kind === 'admin' || input.holderUserId) assertMayGrant(ctx.actor, input.kind, node.path);
  await checkHolder(db, ctx, input);
  const today = businessToday();
  const values = {
    holderName: input.holderName,
    holderResidentId: input.holderResidentId ?? null,
    holderUserId: input.holderUserId ?? null,
    partyMemberId: input.partyMemberId ?? null,
    identity: input.identity ?? null,
    ...phoneValues(crypto, input.phone),
    origin: input.origin,
    validFrom: input.validFrom ?? today,
    note: input.note ?? null,
  };
  return db.transaction().execute(async (trx) => {
    const { id } = await repo.insertPosition(trx, ctx.districtId, node.id, input.kind, values);
    await recordAudit(trx, ctx.audit, {
      action: 'position.create',
      entityType: 'position',
      entityId: id,
      detail: {
        kind: input.kind,
        nodeId: node.id,
        holderName: input.holderName,
        holderUserId: values.holderUserId,
      },
    });
    return reloadDetail(trx, ctx.districtId, id, today);
  });
}

/** @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED */
export async function updatePosition(
  db: Database,
  crypto: FieldCrypto,
  ctx: RequestContext,
  id: string,
  input: UpdatePositionInput,
): Promise<PositionDetail> {
  const today = businessToday();
  const row = await loadPosition(db, ctx, id, 'organisation.manage', today);
  if (input.holderUserId && input.holderUserId !== row.holderUserId)
    assertMayGrant(ctx.actor, row.kind as PositionKind, row.nodePath);
  await checkHolder(db, ctx, input);
  if (input.validFrom && row.validTo && input.validFrom > row.validTo)
    throw invalid('validFrom', '到任日期不能晚于卸任日期');
  const { phone, ...rest } = input;
  const values = { ...rest, ...(phone !== undefined ? phoneValues(crypto, phone) : {}) };
  return db.transaction().execute(async (trx) => {
    await repo.updatePosition(trx, ctx.districtId, id, values);
    await recordAudit(trx, ctx.audit, {
      action: 'position.update',
      entityType: 'position',
      entityId: id,
      detail: { fields: Object.keys(input) },
    });
    return reloadDetail(trx, ctx.districtId, id, today);
  });
}

/**
 * Ends a position on `validTo` (its last day); its links and the handovers standing in for it end the same day.
 * @throws FORBIDDEN, NOT_FOUND, CONFLICT, VALIDATION_FAILED
 */
export async function endPosition(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: { validTo?: string | undefined; reason?: string | undefined },
) {
  const today = businessToday();
  const row = await loadPosition(db, ctx, id, 'organisation.manage', today);
  if (row.validTo !== null) throw new AppError('CONFLICT', `${who(row)}已于 ${row.validTo} 卸任`);
  const validTo = input.validTo ?? today;
  if (validTo < row.validFrom) throw invalid('validTo', `卸任日期不能早于到任日期 ${row.validFrom}`);
  return db.transaction().execute(async (trx) => {
    await repo.updatePosition(trx, ctx.districtId, id, { validTo });
    const links = await repo.openLinksOfPosition(trx, ctx.districtId, id, validTo);
    await applyClosing(
      trx,
      ctx.districtId,
      links.map((l) => ({ id: l.id, decision: closeOn(l, validTo) })),
    );
    await recordAudit(trx, ctx.audit, {
      action: 'position.end',
      entityType: 'position',
      entityId: id,
      reason: input.reason ?? null,
      detail: { validTo, linksEnded: links.length },
    });
    return reloadDetail(trx, ctx.districtId, id, today);
  });
}

// ---------------------------------------------------------------- 联户 links

/**
 * Links households to a chief. A household linked to another chief of the same kind moves (that link ends the
 * day before `validFrom`) unless `keepExisting`; linking again to the same chief changes nothing. The answer
 * carries the chief's household count and a span warning, never a span error.
 * @throws FORBIDDEN, NOT_FOUND, CONFLICT, VALIDATION_FAILED (naming the household)
 */
export async function assignHouseholds(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: z.output<typeof AssignHouseholdsBodySchema>,
) {
  const today = businessToday();
  const row = await loadPosition(db, ctx, id, 'organisation.manage', today);
  const kind = requireLinker(row, today);
  const validFrom = input.validFrom ?? today;
  const ids = [...new Set(input.householdIds)];
  return db.transaction().execute(async (trx) => {
    const households = new Map(
      (await repo.lockHouseholdsWithPath(trx, ctx.districtId, ids)).map((h) => [h.id, h]),
    );
    ids.forEach((hid, i) => {
      const h = households.get(hid);
      const field = `householdIds.${i}`;
      if (!h || !canAtNode(ctx.actor, 'organisation.manage', h.nodePath))
        throw invalid(field, `住户 ${hid} 不存在或不在您的管辖范围内`);
      if (h.status !== 'active') throw invalid(field, `住户 ${h.householdNo} 已迁出，不能联户`);
      if (!isWithin(h.nodePath, [row.nodePath]))
        throw invalid(field, `住户 ${h.householdNo} 不在${row.nodeName}范围内`);
    });
    const existing = await repo.openLinksAtKind(trx, ctx.districtId, ids, kind, today);
    const alreadyMine = new Set(existing.filter((l) => l.positionId === id).map((l) => l.householdId));
    const others = existing.filter((l) => l.positionId !== id && !alreadyMine.has(l.householdId));
    const moving = input.keepExisting ? [] : others;
    await closeLinksBefore(trx, ctx.districtId, moving, validFrom);
    const covers = await repo.openCoverLinks(trx, ctx.districtId, moving, today);
    await closeLinksBefore(trx, ctx.districtId, covers, validFrom);
    const fresh = ids.filter((hid) => !alreadyMine.has(hid));
    await repo.insertLinks(
      trx,
      ctx.districtId,
      fresh.map((householdId) => ({ positionId: id, householdId, validFrom })),
    );
    const moved = moving.map((l) => ({
      householdId: l.householdId,
      fromPositionId: l.positionId,
      fromHolderName: l.holderName,
    }));
    await recordAudit(trx, ctx.audit, {
      action: 'position.assign_households',
      entityType: 'position',
      entityId: id,
      detail: {
        householdIds: fresh,
        validFrom,
        moved: moved.map((m) => ({ householdId: m.householdId, fromPositionId: m.fromPositionId })),
      },
    });
    const after = await repo.findPosition(trx, ctx.districtId, id, today);
    return {
      positionId: id,
      linked: fresh.length,
      unchanged: ids.length - fresh.length,
      moved,
      span: await spanOfPosition(trx, ctx.districtId, after!),
    };
  });
}

/**
 * Ends a household's link to a chief from today, with any handover standing in for it.
 * @throws FORBIDDEN, NOT_FOUND
 */
export async function unassignHousehold(db: Database, ctx: RequestContext, id: string, householdId: string) {
  const today = businessToday();
  const row = await loadPosition(db, ctx, id, 'organisation.manage', today);
  return db.transaction().execute(async (trx) => {
    const held = await repo.openLinksOfPosition(trx, ctx.districtId, id, today, {
      householdIds: [householdId],
      covering: false,
    });
    if (held.length === 0) throw notFound('该联户关系');
    const covers = await repo.openCoverLinks(trx, ctx.districtId, [{ positionId: id, householdId }], today);
    await closeLinksBefore(trx, ctx.districtId, [...held, ...covers], today);
    await recordAudit(trx, ctx.audit, {
      action: 'position.unassign_household',
      entityType: 'position',
      entityId: id,
      detail: { householdId },
    });
    const after = await repo.findPosition(trx, ctx.districtId, id, today);
    return { positionId: row.id, span: await spanOfPosition(trx, ctx.districtId, after!) };
  });
}

/** @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (cursor) */
export async function listPositionHouseholds(
  db: Database,
  ctx: RequestContext,
  id: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const today = businessToday();
  await loadPosition(db, ctx, id, 'organisation.view', today);
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await repo.linkedHouseholds(db, ctx.districtId, id, today, query.limit, after);
  return pageFrom(
    rows,
    query.limit,
    ({ linkId: _, memberCount, ...r }) => ({ ...r, memberCount: memberCount ?? 0 }),
    (r) => [r.householdNo, r.linkId],
  );
}

/** @throws FORBIDDEN, NOT_FOUND, CONFLICT, VALIDATION_FAILED (cursor) */
export async function listLinkCandidates(
  db: Database,
  ctx: RequestContext,
  id: string,
  query: { q?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const today = businessToday();
  const row = await loadPosition(db, ctx, id, 'organisation.manage', today);
  const kind = requireLinker(row, today);
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await repo.linkCandidates(db, ctx.districtId, {
    nodePath: row.nodePath,
    kind,
    q: query.q,
    limit: query.limit,
    after,
    today,
  });
  return pageFrom(
    rows,
    query.limit,
    (r) => ({ ...r, memberCount: r.memberCount ?? 0 }),
    (r) => [r.householdNo, r.householdId],
  );
}

// ---------------------------------------------------------------- temporary handover (AS-09)

const DEPUTY_KINDS: readonly PositionKind[] = ['area_chief', 'group_chief'];

/** The 片长/组长 who may act for `absent`: active, in the caller's scope, at the chief's node or above it. */
async function deputyFor(
  db: Executor,
  ctx: RequestContext,
  absent: PositionRow,
  deputyId: string,
  today: string,
): Promise<PositionRow> {
  const deputy = await repo.findPosition(db, ctx.districtId, deputyId, today);
  if (!deputy || !canAtNode(ctx.actor, 'organisation.manage', deputy.nodePath))
    throw invalid('deputyPositionId', '职责代理人不存在或不在您的管辖范围内');
  if (!DEPUTY_KINDS.includes(deputy.kind as PositionKind) || !deputy.isActive)
    throw invalid('deputyPositionId', '职责代理人应为在任的片长或组长');
  if (!isWithin(absent.nodePath, [deputy.nodePath]))
    throw invalid('deputyPositionId', `职责代理人应负责${who(absent)}所在的片区或小组`);
  return deputy;
}

/**
 * While a chief is away, other chiefs of the same kind stand in for some of his households: temporary links
 * that point at him, leaving his own links in place.
 * @throws FORBIDDEN, NOT_FOUND, CONFLICT, VALIDATION_FAILED
 */
export async function handoverHouseholds(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: z.output<typeof HandoverBodySchema>,
) {
  const today = businessToday();
  const row = await loadPosition(db, ctx, id, 'organisation.manage', today);
  const kind = requireLinker(row, today);
  if (input.until && input.until < input.from) throw invalid('until', '结束日期不能早于开始日期');
  const targets = new Map(
    (
      await repo.findPositions(
        db,
        ctx.districtId,
        input.to.map((t) => t.positionId),
        today,
      )
    ).map((p) => [p.id, p]),
  );
  input.to.forEach((t, i) => {
    const target = targets.get(t.positionId);
    const field = `to.${i}.positionId`;
    if (!target || !canAtNode(ctx.actor, 'organisation.manage', target.nodePath))
      throw invalid(field, '代管职务不存在或不在您的管辖范围内');
    if (target.id === id) throw invalid(field, '不能移交给本人');
    if (target.kind !== kind || !target.isActive)
      throw invalid(field, `只能移交给在任的${POSITION_LABELS[kind]}`);
  });
  const deputy = input.deputyPositionId ? await deputyFor(db, ctx, row, input.deputyPositionId, today) : null;
  return db.transaction().execute(async (trx) => {
    const own = await repo.openLinksOfPosition(trx, ctx.districtId, id, today, { covering: false });
    const mine = new Set(own.filter((l) => l.coversPositionId === null).map((l) => l.householdId));
    const coveredBy = new Map(
      (await repo.openLinksOfPosition(trx, ctx.districtId, id, today, { held: false })).map((l) => [
        l.householdId,
        l,
      ]),
    );
    const seen = new Set<string>();
    const rows: {
      positionId: string;
      householdId: string;
      validFrom: string;
      validTo: string | null;
      coversPositionId: string;
    }[] = [];
    input.to.forEach((t, i) => {
      t.householdIds.forEach((hid, j) => {
        const field = `to.${i}.householdIds.${j}`;
        if (!mine.has(hid)) throw invalid(field, `住户 ${hid} 不由${who(row)}联系`);
        if (seen.has(hid)) throw invalid(field, `住户 ${hid} 在本次移交中出现了两次`);
        seen.add(hid);
        const current = coveredBy.get(hid);
        if (current && current.positionId !== t.positionId)
          throw invalid(field, `住户 ${hid} 已临时移交给${current.holderName}`);
        if (!current)
          rows.push({
            positionId: t.positionId,
            householdId: hid,
            validFrom: input.from,
            validTo: input.until ?? null,
            coversPositionId: id,
          });
      });
    });
    await repo.insertLinks(trx, ctx.districtId, rows);
    if (deputy) {
      // One acting deputy at a time: a new one replaces whoever was acting from the new start.
      const current = await repo.openDeputies(trx, ctx.districtId, id, today, 'absent');
      await repo.endDeputiesBefore(
        trx,
        ctx.districtId,
        current.map((d) => d.id),
        input.from,
      );
      await repo.insertDeputy(trx, {
        districtId: ctx.districtId,
        positionId: id,
        deputyPositionId: deputy.id,
        validFrom: input.from,
        validTo: input.until ?? null,
        reason: input.reason ?? null,
        createdBy: ctx.actor.userId,
      });
    }
    await recordAudit(trx, ctx.audit, {
      action: 'position.handover',
      entityType: 'position',
      entityId: id,
      reason: input.reason ?? null,
      detail: {
        from: input.from,
        until: input.until ?? null,
        to: input.to.map((t) => ({ positionId: t.positionId, households: t.householdIds.length })),
        deputy: deputy ? { positionId: deputy.id, name: deputy.holderName } : null,
      },
    });
    return reloadDetail(trx, ctx.districtId, id, today);
  });
}

/**
 * Ends a handover early (from today), for all stand-ins or one.
 * @throws FORBIDDEN, NOT_FOUND
 */
export async function endHandover(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: { toPositionId?: string | undefined },
) {
  const today = businessToday();
  await loadPosition(db, ctx, id, 'organisation.manage', today);
  return db.transaction().execute(async (trx) => {
    const covers = (await repo.openLinksOfPosition(trx, ctx.districtId, id, today, { held: false })).filter(
      (l) => !input.toPositionId || l.positionId === input.toPositionId,
    );
    const deputies = (await repo.openDeputies(trx, ctx.districtId, id, today, 'absent')).filter(
      (d) => !input.toPositionId || d.deputyPositionId === input.toPositionId,
    );
    if (covers.length === 0 && deputies.length === 0) throw notFound('临时移交');
    await closeLinksBefore(trx, ctx.districtId, covers, today);
    await repo.endDeputiesBefore(
      trx,
      ctx.districtId,
      deputies.map((d) => d.id),
      today,
    );
    await recordAudit(trx, ctx.audit, {
      action: 'position.handover_end',
      entityType: 'position',
      entityId: id,
      detail: {
        toPositionId: input.toPositionId ?? null,
        households: covers.length,
        deputies: deputies.length,
      },
    });
    return reloadDetail(trx, ctx.districtId, id, today);
  });
}

// ---------------------------------------------------------------- coverage (AS-12, AS-19)

/** The four reads every coverage report makes, whatever the size of the subtree. */
async function coverageInputs(db: Database, ctx: RequestContext, nodeId: string) {
  const node = await findNodeInScope(db, ctx, nodeId, 'organisation.view');
  const today = businessToday();
  const [households, links, chiefRows, templates] = await Promise.all([
    repo.subtreeHouseholds(db, ctx.districtId, node.path),
    repo.subtreeLinks(db, ctx.districtId, node.path, today),
    repo.subtreeChiefs(db, ctx.districtId, node.path, LINKER_KINDS, today),
    repo.spanTemplates(db, ctx.districtId),
  ]);
  const spanTemplates = templates.map((t) => ({ communityPath: t.communityPath, spans: spansOf(t.levels) }));
  const chiefs: CoverageChief[] = chiefRows.map((c) => ({
    positionId: c.id,
    holderName: c.holderName,
    kind: c.kind,
    householdCount: c.householdCount ?? 0,
    rule: spanRuleFor(spansForPath(c.nodePath, spanTemplates, DEFAULT_SPANS), c.kind),
  }));
  return { node, households, links, chiefs };
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function getCoverage(
  db: Database,
  ctx: RequestContext,
  query: { nodeId: string; kind: LinkerKind },
): Promise<CoverageReport> {
  const { node, households, links, chiefs } = await coverageInputs(db, ctx, query.nodeId);
  const main = computeCoverage({ households, links, chiefs, kind: query.kind });
  const byKind = kindsPresent(links, chiefs).map((kind) => {
    const c =
      kind === query.kind ? main : computeCoverage({ households, links, chiefs, kind, unlinkedLimit: 0 });
    return {
      kind,
      kindLabel: POSITION_LABELS[kind],
      activeHouseholds: c.activeHouseholds,
      linkedHouseholds: c.linkedHouseholds,
      percentage: c.percentage,
      chiefCount: c.chiefCount,
    };
  });
  const strip = <T extends { id: string }>({ id, ...h }: T) => ({ householdId: id, ...h });
  return {
    nodeId: node.id,
    kind: query.kind,
    activeHouseholds: main.activeHouseholds,
    linkedHouseholds: main.linkedHouseholds,
    percentage: main.percentage,
    unlinked: main.unlinked.map(strip),
    unlinkedCount: main.unlinkedCount,
    chiefsOutsideSpan: main.chiefsOutsideSpan,
    linkedTwice: main.linkedTwice.map(strip),
    byKind,
  };
}

/**
 * 三联 coverage: a household counts as linked when a 联户党员 position, or any position held by a registered
 * party member (a 邻长 who is a member, say), links it today.
 * @throws FORBIDDEN, NOT_FOUND
 */
export async function getPartyCoverage(db: Database, ctx: RequestContext, query: { nodeId: string }) {
  const { node, households, links } = await coverageInputs(db, ctx, query.nodeId);
  const partyLinks = links.filter((l) => l.kind === 'party_linker' || l.partyMemberId !== null);
  const report = computeCoverage({
    households,
    links: partyLinks.map((l) => ({ ...l, kind: 'party' })),
    chiefs: [],
    kind: 'party',
  });
  return {
    nodeId: node.id,
    activeHouseholds: report.activeHouseholds,
    linkedHouseholds: report.linkedHouseholds,
    percentage: report.percentage,
    linkingMembers: new Set(partyLinks.map((l) => l.partyMemberId ?? `position:${l.positionId}`)).size,
    unlinked: report.unlinked.map(({ id, ...h }) => ({ householdId: id, ...h })),
    unlinkedCount: report.unlinkedCount,
  };
}
