export { LINKER_KINDS, spanStatus } from './coverage.ts';
export { actingDeputies, holdersAbove, insertPartyOrg } from './organisation.repository.ts';
export { organisationRoutes } from './organisation.routes.ts';
