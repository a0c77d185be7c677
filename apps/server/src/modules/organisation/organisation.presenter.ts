import type { Deputy, Handover, Position } from '@gongzhi/contract/organisation';
import { POSITION_LABELS, type PositionKind } from '../../platform/access/positions.ts';

export const PARTY_ORG_LABELS = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
} as const;

export interface PositionRowLike {
  id: string;
  nodeId: string;
  nodeName: string;
  kind: string;
  holderName: string;
  holderResidentId: string | null;
  holderUserId: string | null;
  partyMemberId: string | null;
  identity: string | null;
  phoneMasked: string | null;
  origin: string;
  validFrom: string;
  validTo: string | null;
  note: string | null;
  isActive: boolean;
  householdCount: number | null;
}

export function presentPosition(r: PositionRowLike): Position {
  return {
    id: r.id,
    nodeId: r.nodeId,
    nodeName: r.nodeName,
    kind: r.kind as PositionKind,
    kindLabel: POSITION_LABELS[r.kind as PositionKind],
    holderName: r.holderName,
    holderResidentId: r.holderResidentId,
    holderUserId: r.holderUserId,
    partyMemberId: r.partyMemberId,
    identity: r.identity,
    phoneMasked: r.phoneMasked,
    origin: r.origin as Position['origin'],
    validFrom: r.validFrom,
    validTo: r.validTo,
    note: r.note,
    isActive: r.isActive,
    householdCount: r.householdCount ?? 0,
  };
}

export function presentHandover(r: {
  fromPositionId: string;
  fromHolderName: string;
  toPositionId: string;
  toHolderName: string;
  householdCount: number;
  from: string;
  until: string;
}): Handover {
  return { ...r, until: r.until === '9999-12-31' ? null : r.until };
}

export function presentDeputy(r: Deputy & { id: string }): Deputy {
  return {
    positionId: r.positionId,
    holderName: r.holderName,
    deputyPositionId: r.deputyPositionId,
    deputyHolderName: r.deputyHolderName,
    from: r.from,
    until: r.until,
  };
}

export function presentPartyOrg(
  r: {
    id: string;
    parentId: string | null;
    kind: string;
    name: string;
    nodeId: string | null;
    nodeName: string | null;
    path: string;
    memberCount?: number | null;
    subtreeMemberCount?: number | null;
  },
  topDepth: number,
) {
  const kind = r.kind as keyof typeof PARTY_ORG_LABELS;
  return {
    id: r.id,
    parentId: r.parentId,
    kind,
    kindLabel: PARTY_ORG_LABELS[kind],
    name: r.name,
    nodeId: r.nodeId,
    nodeName: r.nodeName,
    depth: r.path.split('.').length - topDepth,
    memberCount: r.memberCount ?? 0,
    subtreeMemberCount: r.subtreeMemberCount ?? 0,
  };
}

export function presentPartyMember(r: {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  kind: string;
  employer: string | null;
  postRank: number | null;
  joinedOn: string | null;
  status: string;
  residentId: string | null;
  householdNo: string | null;
}) {
  return {
    id: r.id,
    orgId: r.orgId,
    orgName: r.orgName,
    name: r.name,
    kind: r.kind as 'community' | 'in_service' | 'mobile',
    employer: r.employer,
    postRank: r.postRank,
    joinedOn: r.joinedOn,
    status: r.status as 'active' | 'transferred',
    residentId: r.residentId,
    householdNo: r.householdNo,
  };
}
