import type { PartyOrgKindSchema } from '@gongzhi/contract/organisation';
import type { z } from 'zod';
import { canAtNode, isWithin } from '../../platform/access/actor.ts';
import type { Permission } from '../../platform/access/positions.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { decodeCursor, pageFrom } from '../../platform/http/keyset-cursor.ts';
import { findNodeInScope } from '../territory/index.ts';
import { requirePermission } from './organisation.policy.ts';
import { PARTY_ORG_LABELS, presentPartyMember, presentPartyOrg } from './organisation.presenter.ts';
import * as repo from './organisation.repository.ts';
import { businessToday } from './validity.ts';

type PartyOrgKind = z.infer<typeof PartyOrgKindSchema>;
/** 党委 → 党总支 → 党支部 → 党小组: a child sits strictly below its parent. */
const ORG_RANK: Record<PartyOrgKind, number> = { committee: 0, general_branch: 1, branch: 2, group: 3 };

async function loadOrg(db: Executor, ctx: RequestContext, id: string, permission: Permission) {
  requirePermission(ctx.actor, permission);
  const org = await repo.findPartyOrg(db, ctx.districtId, id);
  if (!org?.nodePath || !canAtNode(ctx.actor, permission, org.nodePath)) throw notFound('党组织');
  return { ...org, nodePath: org.nodePath };
}

async function loadMember(db: Executor, ctx: RequestContext, id: string, permission: Permission) {
  requirePermission(ctx.actor, permission);
  const member = await repo.findPartyMember(db, ctx.districtId, id);
  if (!member?.nodePath || !canAtNode(ctx.actor, permission, member.nodePath)) throw notFound('党员');
  return member;
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function listPartyOrgs(db: Database, ctx: RequestContext, nodeId: string) {
  const node = await findNodeInScope(db, ctx, nodeId, 'organisation.view');
  const rows = await repo.partyOrgsUnder(db, ctx.districtId, node.path);
  const top = Math.min(...rows.map((r) => r.path.split('.').length));
  return { items: rows.map((r) => presentPartyOrg(r, top)) };
}

/**
 * Creates a party organisation tied to a territory node, under a parent of a higher rank whose node holds it.
 * @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED
 */
export async function createPartyOrg(
  db: Database,
  ctx: RequestContext,
  input: { parentId?: string | null | undefined; kind: PartyOrgKind; name: string; nodeId: string },
) {
  const node = await findNodeInScope(db, ctx, input.nodeId, 'organisation.manage');
  let parent: { id: string; path: string } | null = null;
  if (input.parentId) {
    const p = await repo.findPartyOrg(db, ctx.districtId, input.parentId);
    if (!p?.nodePath || !canAtNode(ctx.actor, 'organisation.view', p.nodePath))
      throw invalid('parentId', '上级党组织不存在或不在您的管辖范围内');
    if (ORG_RANK[input.kind] <= ORG_RANK[p.kind as PartyOrgKind]) {
      throw invalid(
        'kind',
        `${PARTY_ORG_LABELS[input.kind]}不能设在${PARTY_ORG_LABELS[p.kind as PartyOrgKind]}之下`,
      );
    }
    if (!isWithin(node.path, [p.nodePath]))
      throw invalid('nodeId', `所在地点应在上级党组织“${p.name}”的范围内`);
    parent = { id: p.id, path: p.path };
  } else if (ORG_RANK[input.kind] > ORG_RANK.general_branch) {
    throw invalid('parentId', `${PARTY_ORG_LABELS[input.kind]}须有上级党组织`);
  }
  return db.transaction().execute(async (trx) => {
    const { id } = await repo.insertPartyOrg(trx, ctx.districtId, {
      parentId: parent?.id ?? null,
      parentPath: parent?.path ?? null,
      kind: input.kind,
      name: input.name,
      nodeId: node.id,
    });
    await recordAudit(trx, ctx.audit, {
      action: 'party_org.create',
      entityType: 'party_org',
      entityId: id,
      detail: { kind: input.kind, name: input.name, parentId: parent?.id ?? null },
    });
    return presentPartyOrg((await repo.findPartyOrg(trx, ctx.districtId, id))!, 1);
  });
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function renamePartyOrg(db: Database, ctx: RequestContext, id: string, name: string) {
  const org = await loadOrg(db, ctx, id, 'organisation.manage');
  return db.transaction().execute(async (trx) => {
    await repo.renamePartyOrg(trx, ctx.districtId, id, name);
    await recordAudit(trx, ctx.audit, {
      action: 'party_org.rename',
      entityType: 'party_org',
      entityId: id,
      detail: { from: org.name, to: name },
    });
    const [row] = (await repo.partyOrgsUnder(trx, ctx.districtId, org.nodePath)).filter((o) => o.id === id);
    return presentPartyOrg(row!, 1);
  });
}

/** @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (cursor) */
export async function listPartyMembers(
  db: Database,
  ctx: RequestContext,
  query: {
    orgId: string;
    kind?: string | undefined;
    includeTransferred: boolean;
    q?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const org = await loadOrg(db, ctx, query.orgId, 'organisation.view');
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await repo.listPartyMembers(db, ctx.districtId, {
    ...query,
    kind: query.kind,
    q: query.q,
    orgPath: org.path,
    after,
  });
  return pageFrom(rows, query.limit, presentPartyMember, (r) => [r.name, r.id]);
}

/** @throws FORBIDDEN, NOT_FOUND */
export async function getPartyMember(db: Database, ctx: RequestContext, id: string) {
  return presentPartyMember(await loadMember(db, ctx, id, 'organisation.view'));
}

interface MemberInput {
  orgId?: string | undefined;
  name?: string | undefined;
  kind?: 'community' | 'in_service' | 'mobile' | undefined;
  employer?: string | null | undefined;
  postRank?: number | null | undefined;
  joinedOn?: string | null | undefined;
  residentId?: string | null | undefined;
  status?: 'active' | 'transferred' | undefined;
}

/** The organisation and resident a member refers to must lie in the caller's scope; each problem names its field. */
async function checkMemberRefs(db: Executor, ctx: RequestContext, input: MemberInput) {
  if (input.orgId) {
    const org = await repo.findPartyOrg(db, ctx.districtId, input.orgId);
    if (!org?.nodePath || !canAtNode(ctx.actor, 'organisation.manage', org.nodePath))
      throw invalid('orgId', '党组织不存在或不在您的管辖范围内');
  }
  if (input.residentId) {
    const resident = await repo.residentPlace(db, ctx.districtId, input.residentId);
    if (!resident || !canAtNode(ctx.actor, 'organisation.manage', resident.nodePath))
      throw invalid('residentId', '居民不存在或不在您的管辖范围内');
  }
}

/** @throws FORBIDDEN, VALIDATION_FAILED */
export async function createPartyMember(
  db: Database,
  ctx: RequestContext,
  input: MemberInput & { orgId: string; name: string; kind: 'community' | 'in_service' | 'mobile' },
) {
  requirePermission(ctx.actor, 'organisation.manage');
  await checkMemberRefs(db, ctx, input);
  return db.transaction().execute(async (trx) => {
    const { id } = await repo.insertPartyMember(trx, ctx.districtId, {
      orgId: input.orgId,
      name: input.name,
      kind: input.kind,
      employer: input.employer ?? null,
      postRank: input.postRank ?? null,
      joinedOn: input.joinedOn ?? null,
      residentId: input.residentId ?? null,
      status: 'active',
    });
    await recordAudit(trx, ctx.audit, {
      action: 'party_member.create',
      entityType: 'party_member',
      entityId: id,
      detail: { orgId: input.orgId, kind: input.kind },
    });
    return presentPartyMember((await repo.findPartyMember(trx, ctx.districtId, id))!);
  });
}

/** @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED */
export async function updatePartyMember(db: Database, ctx: RequestContext, id: string, input: MemberInput) {
  await loadMember(db, ctx, id, 'organisation.manage');
  await checkMemberRefs(db, ctx, input);
  return db.transaction().execute(async (trx) => {
    await repo.updatePartyMember(trx, ctx.districtId, id, input);
    await recordAudit(trx, ctx.audit, {
      action: 'party_member.update',
      entityType: 'party_member',
      entityId: id,
      detail: { fields: Object.keys(input) },
    });
    return presentPartyMember((await repo.findPartyMember(trx, ctx.districtId, id))!);
  });
}

/** Deletes a member entered by mistake; one who holds a 联户 position is marked transferred instead. @throws FORBIDDEN, NOT_FOUND, CONFLICT */
export async function deletePartyMember(db: Database, ctx: RequestContext, id: string) {
  await loadMember(db, ctx, id, 'organisation.manage');
  return db.transaction().execute(async (trx) => {
    if (await repo.isPartyMemberInUse(trx, ctx.districtId, id))
      throw new AppError('CONFLICT', '该党员担任过联户职务，请将状态改为“转出”而不是删除');
    await repo.deletePartyMember(trx, ctx.districtId, id);
    await recordAudit(trx, ctx.audit, {
      action: 'party_member.delete',
      entityType: 'party_member',
      entityId: id,
    });
    return { ok: true as const };
  });
}

/**
 * AS-17: the in-service party member living in the building (any household under the node) with the highest
 * recorded post; the admin confirms by creating the 楼栋长 position, or overrides.
 * @throws FORBIDDEN, NOT_FOUND
 */
export async function suggestBuildingChief(db: Database, ctx: RequestContext, nodeId: string) {
  const node = await findNodeInScope(db, ctx, nodeId, 'organisation.view');
  const [members, current] = await Promise.all([
    repo.inServiceMembersLivingUnder(db, ctx.districtId, node.path, 11),
    repo.activePositionsAt(db, ctx.districtId, node.id, 'building_chief', businessToday()),
  ]);
  return { suggestion: members[0] ?? null, others: members.slice(1), current };
}
