import { CASE_STATE_LABELS, type CaseState, FINAL_CASE_STATES } from '@gongzhi/contract/cases';
import type { Open311ApiKey } from '@gongzhi/contract/open311';
import type { listApiKeys, listServiceCategories, RequestRow } from './open311.repository.ts';
import type { Open311Value } from './open311-format.ts';

type KeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];
type CategoryRow = Awaited<ReturnType<typeof listServiceCategories>>[number];

export function presentApiKey(row: KeyRow): Open311ApiKey {
  return {
    id: row.id,
    name: row.name,
    maskedKey: `••••••••${row.keyHint}`,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}

const UNIT_LABELS: Record<string, string> = {
  natural_hours: '小时',
  natural_days: '天',
  working_hours: '个工作小时',
  working_days: '个工作日',
};

export function presentService(row: CategoryRow): Open311Value {
  return {
    service_code: row.code,
    service_name: row.name,
    description: `${row.name}（办理时限 ${row.handleLimit} ${UNIT_LABELS[row.handleUnit] ?? row.handleUnit}）`,
    metadata: false,
    type: 'realtime',
    keywords: '',
    group: row.parentName ?? row.name,
  };
}

/** Finished cases (办结, 不予受理, 撤回, 合并) are `closed`; everything still moving is `open`. */
export function open311Status(state: string): 'open' | 'closed' {
  return FINAL_CASE_STATES.includes(state as CaseState) ? 'closed' : 'open';
}

// Residents write their phone or ID number into the text; a public feed must not carry them.
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ID_NUMBER = /(?<![0-9Xx])\d{17}[\dXx](?![0-9Xx])/g;
const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;

export function maskPersonalNumbers(text: string): string {
  return text
    .replace(ID_NUMBER, (m) => `${m.slice(0, 6)}********${m.slice(-4)}`)
    .replace(MOBILE, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`)
    .replace(LANDLINE, (m) => `${'*'.repeat(m.length - 4)}${m.slice(-4)}`);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** One Open311 service request: no reporter, contact or household; the address stops at the building. */
export function presentRequest(row: RequestRow): Open311Value {
  return {
    service_request_id: row.caseNo,
    status: open311Status(row.state),
    status_notes: row.reply ?? CASE_STATE_LABELS[row.state as CaseState] ?? row.state,
    service_name: row.categoryName,
    service_code: row.categoryCode,
    description: maskPersonalNumbers(row.description),
    agency_responsible: row.communityName,
    service_notice: null,
    requested_datetime: iso(row.createdAt),
    updated_datetime: iso(row.updatedAt),
    expected_datetime: iso(row.overallDueAt),
    address: row.address ?? row.communityName,
    address_id: null,
    zipcode: null,
    media_url: null,
  };
}
