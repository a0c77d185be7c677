import type {
  AddResidentBodySchema,
  AddTagBodySchema,
  Consent,
  ConsentInput,
  CreateHouseholdBodySchema,
  HouseholdDetail,
  HouseholdSummary,
  ListHouseholdsQuerySchema,
  ListResidentsQuerySchema,
  Resident,
  ResidentEvent,
  Tag,
  UpdateHouseholdBodySchema,
  UpdateResidentBodySchema,
} from '@gongzhi/contract/people';
import type { z } from 'zod';
import { type AccessScope, hasAnyScope, isWithin, scopeOf } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { businessToday } from '../../platform/business-time.ts';
import type { FieldCrypto } from '../../platform/crypto.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { decodeCursor, pageFrom } from '../../platform/http/keyset-cursor.ts';
import { ID_PROBLEM_MESSAGES, parseIdNumber } from './id-number.ts';
import { findHouseholdInScope, findResidentInScope, requireScope, sensitiveScope } from './people.policy.ts';
import * as present from './people.presenter.ts';
import type { KeysetPosition } from './people.repository.ts';
import * as repo from './people.repository.ts';
import { changedFields, correctedInput, FIELD_LABELS } from './resident-correction.ts';
import {
  MOBILE,
  prepareResident,
  type ResidentErrors,
  type ResidentInput,
  type ResidentValues,
} from './resident-record.ts';

type CreateHouseholdInput = z.output<typeof CreateHouseholdBodySchema>;
type UpdateHouseholdInput = z.output<typeof UpdateHouseholdBodySchema>;
type ListHouseholdsInput = z.output<typeof ListHouseholdsQuerySchema>;
type ListResidentsInput = z.output<typeof ListResidentsQuerySchema>;
type AddResidentInput = z.output<typeof AddResidentBodySchema>;
type UpdateResidentInput = z.output<typeof UpdateResidentBodySchema>;
type AddTagInput = z.output<typeof AddTagBodySchema>;
type Deps = { db: Database; crypto: FieldCrypto };

function eventDate(occurredOn: string | undefined): string {
  const today = businessToday();
  if (occurredOn && occurredOn > today) throw invalid('occurredOn', '发生日期不能晚于今天');
  return occurredOn ?? today;
}

const isUniqueViolation = (err: unknown, constraint: string) =>
  typeof err === 'object' &&
  err !== null &&
  (err as { code?: string }).code === '23505' &&
  (err as { constraint?: string }).constraint === constraint;

function residentInvalid(errors: ResidentErrors): AppError {
  const fields = errors as Record<string, string>;
  return new AppError('VALIDATION_FAILED', `输入有误：${Object.values(fields).join('；')}`, fields);
}

// ---------- presenting with the caller's sight of sensitive tags ----------

/** For re-reading a record after the access check and the write, inside the same transaction. */
const ALREADY_CHECKED: AccessScope = { everywhere: true, paths: [], linkedPositionIds: [] };

async function presentResidents(
  db: Executor,
  ctx: RequestContext,
  rows: repo.ResidentRow[],
): Promise<Resident[]> {
  const tags = await repo.tagsOf(
    db,
    ctx.districtId,
    rows.map((r) => r.id),
  );
  const householdOf = new Map(rows.map((r) => [r.id, r.householdId]));
  const sensitiveHouseholds = tags.some((t) => t.isSensitive)
    ? await repo.householdsWithin(
        db,
        ctx.districtId,
        [...new Set(rows.map((r) => r.householdId))],
        sensitiveScope(ctx),
      )
    : new Set<string>();
  // Without registry.sensitive over the household a sensitive tag is not shown, not even as "hidden".
  const visible = tags.filter(
    (t) => !t.isSensitive || sensitiveHouseholds.has(householdOf.get(t.residentId)!),
  );
  return rows.map((r) =>
    present.presentResident(
      r,
      visible.filter((t) => t.residentId === r.id),
    ),
  );
}

async function householdDetail(
  db: Executor,
  ctx: RequestContext,
  h: repo.HouseholdRow,
): Promise<HouseholdDetail> {
  const [residents, chiefs] = await Promise.all([
    repo.residentsOfHousehold(db, ctx.districtId, h.id),
    repo.chiefsOf(db, ctx.districtId, h.id),
  ]);
  return present.presentHouseholdDetail(h, await presentResidents(db, ctx, residents), chiefs);
}

async function residentDto(db: Executor, ctx: RequestContext, residentId: string): Promise<Resident> {
  const row = await repo.findResident(db, ctx.districtId, residentId, ALREADY_CHECKED);
  if (!row) throw notFound('居民');
  const [dto] = await presentResidents(db, ctx, [row]);
  return dto!;
}

async function householdDto(
  db: Executor,
  ctx: RequestContext,
  householdId: string,
): Promise<HouseholdDetail> {
  const row = await repo.findHousehold(db, ctx.districtId, householdId, ALREADY_CHECKED);
  if (!row) throw notFound('户');
  return householdDetail(db, ctx, row);
}

// ---------- tags catalogue ----------

/** The tag catalogue; sensitive tags only for callers who may see them somewhere. */
export async function listTags(db: Database, ctx: RequestContext): Promise<Tag[]> {
  const mayKnowSensitive = hasAnyScope(sensitiveScope(ctx));
  const rows = await repo.tagCatalogue(db);
  return rows.filter((t) => mayKnowSensitive || !t.isSensitive);
}

// ---------- households ----------

/** A node where the caller may place households: inside his edit scope, at or below a community, in force. */
async function placeableNode(db: Executor, ctx: RequestContext, nodeId: string) {
  const scope = requireScope(ctx, 'registry.edit');
  const node = await repo.findNodeWithCommunity(db, ctx.districtId, nodeId);
  if (!node || !(scope.everywhere || isWithin(node.path, scope.paths))) {
    throw new AppError('NOT_FOUND', '所在节点不存在或不在您的管辖范围内', {
      nodeId: '所在节点不存在或不在您的管辖范围内',
    });
  }
  if (!node.communityId || !node.communityName)
    throw invalid('nodeId', '户只能建在社区/村或其下级节点（网格、楼栋、户室等）');
  if (node.validTo && node.validTo < businessToday()) throw invalid('nodeId', `节点“${node.name}”已撤销`);
  return { ...node, communityId: node.communityId };
}

const duplicateNo = (householdNo: string) =>
  new AppError('CONFLICT', `户编号 ${householdNo} 在本社区已被使用`, {
    householdNo: '户编号在本社区已被使用',
  });

/**
 * Creates a household at a node of a community.
 * @throws FORBIDDEN, NOT_FOUND (node), VALIDATION_FAILED (node above community or retired), CONFLICT (householdNo)
 */
export async function createHousehold(
  db: Database,
  ctx: RequestContext,
  input: CreateHouseholdInput,
): Promise<HouseholdDetail> {
  const node = await placeableNode(db, ctx, input.nodeId);
  try {
    return await db.transaction().execute(async (trx) => {
      if (await repo.findHouseholdByNo(trx, ctx.districtId, node.communityId, input.householdNo))
        throw duplicateNo(input.householdNo);
      const { id } = await repo.insertHousehold(trx, {
        districtId: ctx.districtId,
        communityId: node.communityId,
        nodeId: node.id,
        householdNo: input.householdNo,
        address: input.address,
      });
      await recordAudit(trx, ctx.audit, {
        action: 'household.create',
        entityType: 'household',
        entityId: id,
        detail: { householdNo: input.householdNo, nodeId: node.id },
      });
      return householdDto(trx, ctx, id);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'household_district_id_community_id_household_no_key'))
      throw duplicateNo(input.householdNo);
    throw err;
  }
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function getHousehold(db: Database, ctx: RequestContext, id: string): Promise<HouseholdDetail> {
  const h = await findHouseholdInScope(db, ctx, id, 'registry.view');
  return householdDetail(db, ctx, h);
}

/**
 * Changes address, node (within the same community) or head of household.
 * @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (nodeId, headResidentId)
 */
export async function updateHousehold(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: UpdateHouseholdInput,
): Promise<HouseholdDetail> {
  const h = await findHouseholdInScope(db, ctx, id, 'registry.edit');
  const set: { nodeId?: string; address?: string; headResidentId?: string | null } = {};
  if (input.nodeId !== undefined && input.nodeId !== h.nodeId) {
    const node = await placeableNode(db, ctx, input.nodeId);
    if (node.communityId !== h.communityId)
      throw invalid('nodeId', '户只能在本社区内调整所在节点；跨社区请办理迁出和迁入');
    set.nodeId = node.id;
  }
  if (input.address !== undefined && input.address !== h.address) set.address = input.address;
  if (input.headResidentId !== undefined && input.headResidentId !== h.headResidentId) {
    if (input.headResidentId !== null) {
      const members = await repo.membersOf(db, ctx.districtId, [h.id], true);
      if (!members.some((m) => m.id === input.headResidentId))
        throw invalid('headResidentId', '户主必须是本户在册的成员');
    }
    set.headResidentId = input.headResidentId;
  }
  if (Object.keys(set).length === 0) return householdDetail(db, ctx, h);
  return db.transaction().execute(async (trx) => {
    await repo.updateHousehold(trx, ctx.districtId, h.id, set);
    await recordAudit(trx, ctx.audit, {
      action: 'household.update',
      entityType: 'household',
      entityId: h.id,
      detail: { fields: Object.keys(set) },
    });
    return householdDto(trx, ctx, h.id);
  });
}

/**
 * Households the caller may see, by node subtree, text (户编号, address, a member's name) and status; `mine`
 * narrows to those linked to the caller's own positions (联户).
 * @throws FORBIDDEN, VALIDATION_FAILED (cursor)
 */
export async function listHouseholds(
  db: Database,
  ctx: RequestContext,
  input: ListHouseholdsInput,
): Promise<{ items: HouseholdSummary[]; nextCursor: string | null }> {
  const scope = requireScope(ctx, 'registry.view');
  const rows = await repo.listHouseholds(db, ctx.districtId, {
    scope,
    nodeId: input.nodeId,
    q: input.q,
    status: input.status,
    linkedTo: input.mine ? ctx.actor.positions.map((p) => p.id) : undefined,
    after: afterPosition(input.cursor),
    limit: input.limit,
  });
  const page = pageFrom(
    rows,
    input.limit,
    (h) => h,
    (h) => [h.householdNo, h.id],
  );
  const members = await repo.membersOf(
    db,
    ctx.districtId,
    page.items.map((h) => h.id),
    true,
  );
  return {
    items: page.items.map((h) =>
      present.presentHouseholdSummary(
        h,
        members.filter((m) => m.householdId === h.id),
      ),
    ),
    nextCursor: page.nextCursor,
  };
}

// ---------- residents ----------

/** The 409 for an ID number already registered: details only when the existing record is within view. */
async function duplicateId(
  db: Executor,
  ctx: RequestContext,
  hash: Buffer,
  exceptResidentId?: string,
): Promise<AppError | null> {
  const existing = await repo.findByIdHash(db, ctx.districtId, hash);
  if (!existing || existing.id === exceptResidentId) return null;
  const visible = await repo.householdsWithin(
    db,
    ctx.districtId,
    [existing.householdId],
    scopeOf(ctx.actor, 'registry.view'),
  );
  const message = visible.has(existing.householdId)
    ? `公民身份号码 ${existing.idNoMasked} 已登记：${existing.name}，${existing.communityName} ${existing.householdNo} 户`
    : `公民身份号码 ${existing.idNoMasked} 已在本区县登记（不在您的管辖范围内），请联系所在社区核实`;
  return new AppError('DUPLICATE_ID_NUMBER', message, { idNumber: message });
}

/**
 * Registers a resident in a household, as already living there (`registered`) or arriving (`move_in`).
 * @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, DUPLICATE_ID_NUMBER
 */
export async function addResident(
  { db, crypto }: Deps,
  ctx: RequestContext,
  householdId: string,
  input: AddResidentInput,
): Promise<Resident> {
  const h = await findHouseholdInScope(db, ctx, householdId, 'registry.edit');
  const prepared = prepareResident(input, crypto);
  if (!prepared.ok) throw residentInvalid(prepared.errors);
  const values = prepared.values;
  const occurredOn = eventDate(input.occurredOn);
  try {
    return await db.transaction().execute(async (trx) => {
      const dup = values.idNoHash ? await duplicateId(trx, ctx, values.idNoHash) : null;
      if (dup) throw dup;
      const { id } = await repo.insertResident(trx, ctx.districtId, h.id, values);
      await repo.insertEvent(trx, {
        districtId: ctx.districtId,
        residentId: id,
        householdId: h.id,
        kind: input.arrival,
        occurredOn,
        note: null,
        actorUserId: ctx.actor.userId,
      });
      const isHead = !h.headResidentId || values.relationToHead === '户主';
      await repo.updateHousehold(trx, ctx.districtId, h.id, {
        status: 'active',
        ...(isHead ? { headResidentId: id } : {}),
      });
      await recordAudit(trx, ctx.audit, {
        action: 'resident.create',
        entityType: 'resident',
        entityId: id,
        detail: { householdId: h.id, arrival: input.arrival },
      });
      return residentDto(trx, ctx, id);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'resident_id_no_idx') && values.idNoHash)
      throw (await duplicateId(db, ctx, values.idNoHash)) ?? err;
    throw err;
  }
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function getResident(db: Database, ctx: RequestContext, id: string): Promise<Resident> {
  const r = await findResidentInScope(db, ctx, id, 'registry.view');
  return (await presentResidents(db, ctx, [r]))[0]!;
}

/** The record as it was entered, with ID and phone decrypted: the base a correction patches. */
async function currentInput(
  db: Executor,
  { crypto }: Deps,
  ctx: RequestContext,
  r: repo.ResidentRow,
): Promise<ResidentInput> {
  const secrets = await repo.findSecrets(db, ctx.districtId, r.id);
  return {
    name: r.name,
    idNumber: secrets.idNoEnc ? crypto.decrypt(secrets.idNoEnc) : null,
    gender: r.gender as ResidentInput['gender'],
    birthDate: r.birthDate,
    phone: secrets.phoneEnc ? crypto.decrypt(secrets.phoneEnc) : null,
    relationToHead: r.relationToHead,
    ethnicity: r.ethnicity,
    politicalStatus: r.politicalStatus,
    education: r.education,
    residenceType: r.residenceType as ResidentInput['residenceType'],
    note: r.note,
    dataSource: r.dataSource,
  };
}

/**
 * Corrects a resident's record; the 'corrected' event and the audit name the fields, never ID or phone values.
 * @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, DUPLICATE_ID_NUMBER
 */
export async function updateResident(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: UpdateResidentInput,
): Promise<Resident> {
  const { db, crypto } = deps;
  const r = await findResidentInScope(db, ctx, id, 'registry.edit');
  const { reason, ...patch } = input;
  const before = await currentInput(db, deps, ctx, r);
  const prepBefore = prepareResident(before, crypto);
  const prepAfter = prepareResident(correctedInput(before, patch), crypto);
  if (!prepAfter.ok) throw residentInvalid(prepAfter.errors);
  const after: ResidentValues = prepAfter.values;
  const fields = prepBefore.ok
    ? changedFields(prepBefore.values, after)
    : (Object.keys(patch) as (keyof ResidentInput)[]);
  if (fields.length === 0) return (await presentResidents(db, ctx, [r]))[0]!;
  try {
    return await db.transaction().execute(async (trx) => {
      const dup =
        fields.includes('idNumber') && after.idNoHash
          ? await duplicateId(trx, ctx, after.idNoHash, r.id)
          : null;
      if (dup) throw dup;
      await repo.updateResidentValues(trx, ctx.districtId, r.id, after);
      const labels = fields.map((f) => FIELD_LABELS[f]).join('、');
      await repo.insertEvent(trx, {
        districtId: ctx.districtId,
        residentId: r.id,
        householdId: r.householdId,
        kind: 'corrected',
        occurredOn: businessToday(),
        note: `更正：${labels}${reason ? `（${reason}）` : ''}`,
        actorUserId: ctx.actor.userId,
      });
      await recordAudit(trx, ctx.audit, {
        action: 'resident.update',
        entityType: 'resident',
        entityId: r.id,
        reason: reason ?? null,
        detail: { fields },
      });
      return residentDto(trx, ctx, r.id);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'resident_id_no_idx') && after.idNoHash)
      throw (await duplicateId(db, ctx, after.idNoHash, r.id)) ?? err;
    throw err;
  }
}

/** How `q` is read: an ID number or a mobile looks up its blind index, anything else searches names. */
function residentQuery(crypto: FieldCrypto, q: string | undefined): repo.ResidentFilter['q'] {
  if (!q) return undefined;
  const id = q.length === 18 ? parseIdNumber(q) : null;
  if (id?.ok) return { kind: 'idHash', hash: crypto.blindIndex(id.id.value) };
  if (MOBILE.test(q)) return { kind: 'phoneHash', hash: crypto.blindIndex(q) };
  return { kind: 'name', text: q };
}

/** One-character name queries have no bigram to narrow on: their pages stay small. */
const SINGLE_CHAR_LIMIT = 50;

/**
 * Residents the caller may see, ordered by the pinyin of their names.
 * @throws FORBIDDEN, VALIDATION_FAILED (cursor)
 */
export async function listResidents(
  { db, crypto }: Deps,
  ctx: RequestContext,
  input: ListResidentsInput,
): Promise<{ items: Resident[]; nextCursor: string | null }> {
  const scope = requireScope(ctx, 'registry.view');
  const q = residentQuery(crypto, input.q);
  const isSingleChar = q?.kind === 'name' && [...q.text].length === 1;
  const limit = isSingleChar ? Math.min(input.limit, SINGLE_CHAR_LIMIT) : input.limit;
  const rows = await repo.listResidents(db, ctx.districtId, {
    scope,
    q,
    householdId: input.householdId,
    nodeId: input.nodeId,
    status: input.status,
    after: afterPosition(input.cursor),
    limit,
  });
  const page = pageFrom(
    rows,
    limit,
    (r) => r,
    (r) => [r.nameSort, r.id],
  );
  return { items: await presentResidents(db, ctx, page.items), nextCursor: page.nextCursor };
}

/**
 * Warns the registration form about an ID number already on file; details only within the caller's view.
 * @throws FORBIDDEN, VALIDATION_FAILED (idNumber)
 */
export async function checkIdNumber({ db, crypto }: Deps, ctx: RequestContext, idNumber: string) {
  requireScope(ctx, 'registry.edit');
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw invalid('idNumber', ID_PROBLEM_MESSAGES[parsed.problem]);
  const existing = await repo.findByIdHash(db, ctx.districtId, crypto.blindIndex(parsed.id.value));
  if (!existing) return { exists: false, existing: null };
  const visible = await repo.householdsWithin(
    db,
    ctx.districtId,
    [existing.householdId],
    scopeOf(ctx.actor, 'registry.view'),
  );
  if (!visible.has(existing.householdId)) return { exists: true, existing: null };
  return {
    exists: true,
    existing: {
      residentId: existing.id,
      name: existing.name,
      idNoMasked: existing.idNoMasked ?? '',
      householdNo: existing.householdNo,
      communityName: existing.communityName,
    },
  };
}

/**
 * Shows one unmasked field for a stated reason; the audit row is written in the same transaction.
 * @throws FORBIDDEN, NOT_FOUND
 */
export async function revealResidentField(
  { db, crypto }: Deps,
  ctx: RequestContext,
  id: string,
  input: { field: 'idNumber' | 'phone'; reason: string },
) {
  const r = await findResidentInScope(db, ctx, id, 'registry.reveal');
  return db.transaction().execute(async (trx) => {
    const secrets = await repo.findSecrets(trx, ctx.districtId, r.id);
    const blob = input.field === 'idNumber' ? secrets.idNoEnc : secrets.phoneEnc;
    await recordAudit(trx, ctx.audit, {
      action: 'resident.reveal',
      entityType: 'resident',
      entityId: r.id,
      reason: input.reason,
      detail: { field: input.field },
    });
    return { field: input.field, value: blob ? crypto.decrypt(blob) : null };
  });
}

// ---------- life events ----------

const STATUS_ZH = { active: '在册', moved_out: '已迁出', deceased: '已去世' } as const;

/** After a member leaves: the head role lapses with him, and an empty household is marked moved out. */
async function afterLeaving(trx: Executor, ctx: RequestContext, householdId: string, residentId: string) {
  const h = await repo.findHousehold(trx, ctx.districtId, householdId, ALREADY_CHECKED);
  const remaining = await repo.countActiveMembers(trx, ctx.districtId, householdId);
  await repo.updateHousehold(trx, ctx.districtId, householdId, {
    ...(h?.headResidentId === residentId ? { headResidentId: null } : {}),
    ...(remaining === 0 ? { status: 'moved_out' as const } : {}),
  });
}

/**
 * Moves a resident out (`move_out`) or records his death (`death`); the record stays, with its history.
 * @throws FORBIDDEN, NOT_FOUND, CONFLICT (not active), VALIDATION_FAILED (occurredOn)
 */
export async function recordLeaving(
  db: Database,
  ctx: RequestContext,
  id: string,
  kind: 'move_out' | 'death',
  input: { occurredOn?: string | undefined; note?: string | undefined },
): Promise<Resident> {
  const r = await findResidentInScope(db, ctx, id, 'registry.edit');
  if (r.status !== 'active')
    throw new AppError('CONFLICT', `该居民${STATUS_ZH[r.status as keyof typeof STATUS_ZH]}，不能再办理此项`);
  const occurredOn = eventDate(input.occurredOn);
  return db.transaction().execute(async (trx) => {
    await repo.setResidentPlace(trx, ctx.districtId, r.id, {
      status: kind === 'death' ? 'deceased' : 'moved_out',
    });
    await repo.insertEvent(trx, {
      districtId: ctx.districtId,
      residentId: r.id,
      householdId: r.householdId,
      kind,
      occurredOn,
      note: input.note ?? null,
      actorUserId: ctx.actor.userId,
    });
    await afterLeaving(trx, ctx, r.householdId, r.id);
    await recordAudit(trx, ctx.audit, {
      action: kind === 'death' ? 'resident.death' : 'resident.move_out',
      entityType: 'resident',
      entityId: r.id,
      detail: { householdId: r.householdId, occurredOn },
    });
    return residentDto(trx, ctx, r.id);
  });
}

/**
 * Moves a resident into a household: back in after moving out (`move_in`, the same record), or from his
 * current household to another (`transfer`).
 * @throws FORBIDDEN, NOT_FOUND, CONFLICT (deceased, already there), VALIDATION_FAILED (occurredOn)
 */
export async function moveInResident(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: {
    householdId: string;
    relationToHead?: string | undefined;
    occurredOn?: string | undefined;
    note?: string | undefined;
  },
): Promise<Resident> {
  const r = await findResidentInScope(db, ctx, id, 'registry.edit');
  const target = await findHouseholdInScope(db, ctx, input.householdId, 'registry.edit');
  if (r.status === 'deceased') throw new AppError('CONFLICT', '该居民已去世，不能迁入');
  if (r.status === 'active' && r.householdId === target.id)
    throw new AppError('CONFLICT', `该居民已在 ${target.householdNo} 户`);
  const kind = r.status === 'active' ? 'transfer' : 'move_in';
  const occurredOn = eventDate(input.occurredOn);
  const from = kind === 'transfer' ? `由 ${r.householdNo} 户转入` : null;
  return db.transaction().execute(async (trx) => {
    const relationToHead = input.relationToHead ?? r.relationToHead;
    await repo.setResidentPlace(trx, ctx.districtId, r.id, {
      status: 'active',
      householdId: target.id,
      relationToHead,
    });
    await repo.insertEvent(trx, {
      districtId: ctx.districtId,
      residentId: r.id,
      householdId: target.id,
      kind,
      occurredOn,
      note: [from, input.note].filter(Boolean).join('；') || null,
      actorUserId: ctx.actor.userId,
    });
    if (kind === 'transfer') await afterLeaving(trx, ctx, r.householdId, r.id);
    await repo.updateHousehold(trx, ctx.districtId, target.id, {
      status: 'active',
      ...(!target.headResidentId && relationToHead === '户主' ? { headResidentId: r.id } : {}),
    });
    await recordAudit(trx, ctx.audit, {
      action: kind === 'transfer' ? 'resident.transfer' : 'resident.move_in',
      entityType: 'resident',
      entityId: r.id,
      detail: { fromHouseholdId: r.householdId, toHouseholdId: target.id, occurredOn, relationToHead },
    });
    return residentDto(trx, ctx, r.id);
  });
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function listResidentEvents(
  db: Database,
  ctx: RequestContext,
  id: string,
): Promise<ResidentEvent[]> {
  const r = await findResidentInScope(db, ctx, id, 'registry.view');
  return (await repo.eventsOf(db, ctx.districtId, r.id)).map(present.presentEvent);
}

// ---------- tags and consent ----------

const CONSENT_BASES = new Set(['consent', 'separate_consent']);

async function activeConsent(db: Executor, ctx: RequestContext, residentId: string, consentId: string) {
  const c = await repo.findConsent(db, ctx.districtId, residentId, consentId);
  if (!c || c.withdrawnAt) {
    throw new AppError('LAWFUL_BASIS_REQUIRED', '所引用的同意记录不存在或已撤回', {
      consentId: '请选择该居民有效的同意记录',
    });
  }
  return c;
}

/**
 * Tags a resident. A sensitive tag needs registry.sensitive and a lawful basis; a basis of (separate) consent
 * needs an active consent of the resident, given by id or recorded inline.
 * @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (tagCode), LAWFUL_BASIS_REQUIRED
 */
export async function addResidentTag(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: AddTagInput,
): Promise<Resident> {
  const r = await findResidentInScope(db, ctx, id, 'registry.edit');
  const tag = await repo.findTag(db, input.tagCode);
  if (!tag) throw invalid('tagCode', `没有这个标签：${input.tagCode}`);
  if (tag.isSensitive) await findResidentInScope(db, ctx, id, 'registry.sensitive');
  const hasConsent = input.consentId !== undefined || input.consent !== undefined;
  const basis = input.lawfulBasis ?? (hasConsent ? 'consent' : null);
  if (tag.isSensitive && !basis) {
    throw new AppError('LAWFUL_BASIS_REQUIRED', `“${tag.nameZh}”是敏感标签，须填写合法性基础`, {
      lawfulBasis: '敏感标签须填写合法性基础',
    });
  }
  const needsConsent = basis !== null && CONSENT_BASES.has(basis);
  if (needsConsent && !hasConsent) {
    throw new AppError('LAWFUL_BASIS_REQUIRED', '以同意为合法性基础时，须引用或登记该居民的同意记录', {
      consentId: '请引用或登记同意记录',
    });
  }
  const isSeparate = basis === 'separate_consent';
  if (isSeparate && input.consent?.kind === 'general') {
    throw new AppError('LAWFUL_BASIS_REQUIRED', '敏感个人信息须取得单独同意，一般同意不够', {
      'consent.kind': '须为单独、书面或监护人同意',
    });
  }
  return db.transaction().execute(async (trx) => {
    let consentId: string | null = null;
    if (needsConsent && input.consentId) {
      const c = await activeConsent(trx, ctx, r.id, input.consentId);
      if (isSeparate && c.kind === 'general') {
        throw new AppError('LAWFUL_BASIS_REQUIRED', '敏感个人信息须取得单独同意，一般同意不够', {
          consentId: '须为单独、书面或监护人同意',
        });
      }
      consentId = c.id;
    } else if (needsConsent && input.consent) {
      consentId = (await insertConsent(trx, ctx, r.id, input.consent)).id;
    }
    await repo.upsertResidentTag(trx, {
      districtId: ctx.districtId,
      residentId: r.id,
      tagCode: tag.code,
      lawfulBasis: basis,
      consentId,
      note: input.note ?? null,
      assignedBy: ctx.actor.userId,
    });
    await recordAudit(trx, ctx.audit, {
      action: 'tag.add',
      entityType: 'resident',
      entityId: r.id,
      detail: { tagCode: tag.code, lawfulBasis: basis, consentId },
    });
    return residentDto(trx, ctx, r.id);
  });
}

/**
 * Removes a tag; a sensitive tag the caller may not see answers as if absent.
 * @throws FORBIDDEN, NOT_FOUND
 */
export async function removeResidentTag(
  db: Database,
  ctx: RequestContext,
  id: string,
  tagCode: string,
): Promise<Resident> {
  const r = await findResidentInScope(db, ctx, id, 'registry.edit');
  const tag = await repo.findTag(db, tagCode);
  const isVisible =
    tag &&
    (!tag.isSensitive ||
      (await repo.householdsWithin(db, ctx.districtId, [r.householdId], sensitiveScope(ctx))).size > 0);
  if (!isVisible) throw notFound('标签');
  return db.transaction().execute(async (trx) => {
    const removed = await repo.deleteResidentTag(trx, ctx.districtId, r.id, tagCode);
    if (!removed) throw notFound('标签');
    await recordAudit(trx, ctx.audit, {
      action: 'tag.remove',
      entityType: 'resident',
      entityId: r.id,
      detail: { tagCode },
    });
    return residentDto(trx, ctx, r.id);
  });
}

async function insertConsent(trx: Executor, ctx: RequestContext, residentId: string, input: ConsentInput) {
  const row = await repo.insertConsent(trx, {
    districtId: ctx.districtId,
    residentId,
    purpose: input.purpose,
    kind: input.kind,
    channel: input.channel,
    ...(input.noticeVersion ? { noticeVersion: input.noticeVersion } : {}),
    recordedBy: ctx.actor.userId,
  });
  await recordAudit(trx, ctx.audit, {
    action: 'consent.record',
    entityType: 'consent',
    entityId: row.id,
    detail: { residentId, purpose: input.purpose, kind: input.kind, channel: input.channel },
  });
  return row;
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function recordConsent(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: ConsentInput,
): Promise<Consent> {
  const r = await findResidentInScope(db, ctx, id, 'registry.edit');
  return db
    .transaction()
    .execute(async (trx) => present.presentConsent(await insertConsent(trx, ctx, r.id, input)));
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function listConsents(db: Database, ctx: RequestContext, id: string): Promise<Consent[]> {
  const r = await findResidentInScope(db, ctx, id, 'registry.view');
  return (await repo.consentsOf(db, ctx.districtId, r.id)).map(present.presentConsent);
}

/**
 * Withdraws a consent; the tags that relied on it are removed in the same transaction, each audited.
 * @throws FORBIDDEN, NOT_FOUND, CONFLICT (already withdrawn)
 */
export async function withdrawConsent(
  db: Database,
  ctx: RequestContext,
  id: string,
  consentId: string,
  note: string | undefined,
) {
  const r = await findResidentInScope(db, ctx, id, 'registry.edit');
  const existing = await repo.findConsent(db, ctx.districtId, r.id, consentId);
  if (!existing) throw notFound('同意记录');
  if (existing.withdrawnAt) throw new AppError('CONFLICT', '该同意已于此前撤回');
  const seesSensitive =
    (await repo.householdsWithin(db, ctx.districtId, [r.householdId], sensitiveScope(ctx))).size > 0;
  return db.transaction().execute(async (trx) => {
    const consent = await repo.markConsentWithdrawn(trx, ctx.districtId, consentId);
    const removed = await repo.deleteTagsOfConsent(trx, ctx.districtId, consentId);
    await recordAudit(trx, ctx.audit, {
      action: 'consent.withdraw',
      entityType: 'consent',
      entityId: consentId,
      reason: note ?? null,
      detail: { residentId: r.id, removedTags: removed },
    });
    for (const tagCode of removed) {
      await recordAudit(trx, ctx.audit, {
        action: 'tag.remove',
        entityType: 'resident',
        entityId: r.id,
        reason: '同意已撤回',
        detail: { tagCode, consentId },
      });
    }
    const catalogue = seesSensitive
      ? null
      : new Map((await repo.tagCatalogue(trx)).map((t) => [t.code, t.isSensitive]));
    return {
      consent: present.presentConsent(consent),
      removedTags: removed.filter((code) => catalogue === null || !catalogue.get(code)),
    };
  });
}

/** The repository pages by (sort key, id); a cursor carries both. */
function afterPosition(cursor: string | undefined): KeysetPosition | null {
  const values = decodeCursor(cursor, 2);
  return values && { key: values[0]!, id: values[1]! };
}
