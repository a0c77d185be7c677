/**
 * What each position may do and over which scope (research/domain.md §6). `subtree`: the node the position is
 * held at and everything below; `linked`: only the households linked to the holder (联户).
 */
export const PERMISSIONS = [
  'territory.view',
  'territory.manage',
  'registry.view',
  'registry.edit',
  'registry.reveal',
  'registry.sensitive',
  'registry.import',
  'registry.export',
  'organisation.view',
  'organisation.manage',
  'audit.view',
  /** Cases (民情诉求): see the cases of the scope, proxy intake, first response and verification, community triage. */
  'cases.view',
  'cases.submit',
  'cases.respond',
  'cases.triage',
  /** Case statistics dashboard and 诉求台账 export of the scope. */
  'cases.stats',
  /** 12345 hotline exchange: Open311 API keys (only admin, secretary and director hold ALL). */
  'open311.manage',
  /** 述职: a 户长/邻长 reports for his own position (linked scope); 两委 record oral reports, grade, rank. */
  'duty.report',
  'duty.evaluate',
  /** Meetings and the 早点名会 rota of the scope: see them; schedule, attendance, minutes, rotas. */
  'meetings.view',
  'meetings.manage',
  /** Deliberation (协商议事): see councils and topics, raise a topic, and (两委) review, schedule and decide. */
  'deliberation.view',
  'deliberation.propose',
  'deliberation.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const POSITION_KINDS = [
  'admin',
  'secretary',
  'director',
  'committee_member',
  'area_chief',
  'group_chief',
  'neighbour_chief',
  'household_chief',
  'grid_chief',
  'grid_worker',
  'building_chief',
  'team_leader',
  'cadre',
  'party_linker',
] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];

export type Scope = 'subtree' | 'linked';

const ALL = PERMISSIONS;
const COMMUNITY_STAFF: readonly Permission[] = [
  'territory.view',
  'territory.manage',
  'registry.view',
  'registry.edit',
  'registry.reveal',
  'registry.sensitive',
  'registry.import',
  'registry.export',
  'organisation.view',
  'organisation.manage',
  'cases.view',
  'cases.submit',
  'cases.respond',
  'cases.triage',
  'cases.stats',
  'duty.evaluate',
  'meetings.view',
  'meetings.manage',
  'deliberation.view',
  'deliberation.propose',
  'deliberation.manage',
];
const FIELD_WORKER: readonly Permission[] = [
  'territory.view',
  'registry.view',
  'registry.edit',
  'registry.export',
  'organisation.view',
  'cases.view',
  'cases.submit',
  'cases.respond',
  'deliberation.view',
  'deliberation.propose',
];
const GROUP_LEADER: readonly Permission[] = [
  'territory.view',
  'registry.view',
  'organisation.view',
  'cases.view',
  'cases.submit',
  'cases.respond',
  'deliberation.view',
  'deliberation.propose',
];
const LINKER: readonly Permission[] = [
  'registry.view',
  'organisation.view',
  'cases.submit',
  'cases.respond',
  'deliberation.view',
  'deliberation.propose',
];
const CHIEF: readonly Permission[] = [...LINKER, 'duty.report'];

export const POSITION_RULES: Record<PositionKind, { scope: Scope; permissions: readonly Permission[] }> = {
  admin: { scope: 'subtree', permissions: ALL },
  secretary: { scope: 'subtree', permissions: ALL },
  director: { scope: 'subtree', permissions: ALL },
  committee_member: { scope: 'subtree', permissions: COMMUNITY_STAFF },
  area_chief: {
    scope: 'subtree',
    permissions: [...FIELD_WORKER, 'cases.stats', 'meetings.view', 'meetings.manage'],
  },
  grid_worker: { scope: 'subtree', permissions: [...FIELD_WORKER, 'meetings.view', 'meetings.manage'] },
  grid_chief: {
    scope: 'subtree',
    permissions: [...FIELD_WORKER, 'cases.stats', 'meetings.view', 'meetings.manage'],
  },
  group_chief: { scope: 'subtree', permissions: [...GROUP_LEADER, 'meetings.view'] },
  team_leader: { scope: 'subtree', permissions: [...GROUP_LEADER, 'meetings.view'] },
  building_chief: { scope: 'subtree', permissions: [...GROUP_LEADER, 'meetings.view'] },
  cadre: { scope: 'subtree', permissions: [...GROUP_LEADER, 'meetings.view'] },
  neighbour_chief: { scope: 'linked', permissions: CHIEF },
  household_chief: { scope: 'linked', permissions: CHIEF },
  party_linker: { scope: 'linked', permissions: LINKER },
};

/** Chinese names as residents and cadres say them. */
export const POSITION_LABELS: Record<PositionKind, string> = {
  admin: '系统管理员',
  secretary: '书记',
  director: '主任',
  committee_member: '两委委员',
  area_chief: '片长',
  group_chief: '组长',
  neighbour_chief: '邻长',
  household_chief: '户长',
  grid_chief: '网格长',
  grid_worker: '网格员',
  building_chief: '楼栋长',
  team_leader: '小组长',
  cadre: '包片干部',
  party_linker: '联户党员',
};
