/** Query keys of the organisation feature; every mutation invalidates the whole `organisation` prefix. */
export const organisationKeys = {
  all: ['organisation'] as const,
  roots: ['organisation', 'roots'] as const,
  node: (id: string) => ['organisation', 'node', id] as const,
  children: (id: string) => ['organisation', 'children', id] as const,
  positions: (filter: object) => ['organisation', 'positions', filter] as const,
  position: (id: string) => ['organisation', 'position', id] as const,
  positionHouseholds: (id: string) => ['organisation', 'position-households', id] as const,
  candidates: (id: string, q: string) => ['organisation', 'candidates', id, q] as const,
  coverage: (nodeId: string, kind: string) => ['organisation', 'coverage', nodeId, kind] as const,
  partyCoverage: (nodeId: string) => ['organisation', 'party-coverage', nodeId] as const,
  partyOrgs: (nodeId: string) => ['organisation', 'party-orgs', nodeId] as const,
  partyMembers: (filter: object) => ['organisation', 'party-members', filter] as const,
  myHouseholds: (q: string) => ['organisation', 'my-households', q] as const,
  household: (id: string) => ['organisation', 'household', id] as const,
  users: (q: string) => ['organisation', 'users', q] as const,
  template: (communityId: string) => ['organisation', 'template', communityId] as const,
};
