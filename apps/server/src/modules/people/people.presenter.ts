import type {
  Consent,
  HouseholdDetail,
  HouseholdSummary,
  Resident,
  ResidentEvent,
  ResidentTag,
} from '@gongzhi/contract/people';
import { POSITION_LABELS, type PositionKind } from '../../platform/access/positions.ts';
import type { HouseholdRow, ResidentRow } from './people.repository.ts';

type TagRow = {
  residentId: string;
  code: string;
  nameZh: string;
  isSensitive: boolean;
  lawfulBasis: string | null;
  consentId: string | null;
  note: string | null;
  assignedAt: Date;
};
type MemberRow = {
  id: string;
  householdId: string;
  name: string;
  relationToHead: string;
  phoneMasked: string | null;
  status: string;
};
type ChiefRow = { positionId: string; kind: string; holderName: string; coversPositionId: string | null };
type ConsentRow = Omit<Consent, 'givenAt' | 'withdrawnAt' | 'kind' | 'channel'> & {
  kind: string;
  channel: string;
  givenAt: Date;
  withdrawnAt: Date | null;
};
type EventRow = {
  id: number;
  kind: string;
  occurredOn: string;
  householdId: string | null;
  householdNo: string | null;
  note: string | null;
  actorName: string | null;
  createdAt: Date;
};

export function presentTag(t: TagRow): ResidentTag {
  return {
    code: t.code,
    nameZh: t.nameZh,
    isSensitive: t.isSensitive,
    lawfulBasis: t.lawfulBasis as ResidentTag['lawfulBasis'],
    consentId: t.consentId,
    note: t.note,
    assignedAt: t.assignedAt.toISOString(),
  };
}

/** The ID number and phone leave masked; the caller has already dropped the tags he may not see. */
export function presentResident(r: ResidentRow, tags: TagRow[]): Resident {
  return {
    id: r.id,
    householdId: r.householdId,
    householdNo: r.householdNo,
    name: r.name,
    gender: r.gender as Resident['gender'],
    birthDate: r.birthDate,
    idNoMasked: r.idNoMasked,
    phoneMasked: r.phoneMasked,
    relationToHead: r.relationToHead,
    ethnicity: r.ethnicity,
    politicalStatus: r.politicalStatus,
    education: r.education,
    residenceType: r.residenceType as Resident['residenceType'],
    status: r.status as Resident['status'],
    note: r.note,
    dataSource: r.dataSource,
    tags: tags.map(presentTag),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function presentHouseholdSummary(h: HouseholdRow, members: MemberRow[]): HouseholdSummary {
  return {
    id: h.id,
    householdNo: h.householdNo,
    address: h.address,
    communityId: h.communityId,
    communityName: h.communityName,
    nodeId: h.nodeId,
    nodeName: h.nodeName,
    status: h.status as HouseholdSummary['status'],
    headResidentId: h.headResidentId,
    headName: h.headName,
    members: members
      .filter((m) => m.status === 'active')
      .map((m) => ({
        id: m.id,
        name: m.name,
        relationToHead: m.relationToHead,
        phoneMasked: m.phoneMasked,
        status: m.status as Resident['status'],
      })),
  };
}

export function presentHouseholdDetail(
  h: HouseholdRow,
  residents: Resident[],
  chiefs: ChiefRow[],
): HouseholdDetail {
  return {
    ...presentHouseholdSummary(h, residents),
    residents,
    chiefs: chiefs.map((c) => ({
      positionId: c.positionId,
      kind: c.kind,
      label: POSITION_LABELS[c.kind as PositionKind] ?? c.kind,
      holderName: c.holderName,
      isHandover: c.coversPositionId !== null,
    })),
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export function presentConsent(c: ConsentRow): Consent {
  return {
    id: c.id,
    residentId: c.residentId,
    purpose: c.purpose,
    kind: c.kind as Consent['kind'],
    channel: c.channel as Consent['channel'],
    noticeVersion: c.noticeVersion,
    givenAt: c.givenAt.toISOString(),
    withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
  };
}

export function presentEvent(e: EventRow): ResidentEvent {
  return {
    id: e.id,
    kind: e.kind as ResidentEvent['kind'],
    occurredOn: e.occurredOn,
    householdId: e.householdId,
    householdNo: e.householdNo,
    note: e.note,
    actorName: e.actorName,
    createdAt: e.createdAt.toISOString(),
  };
}
