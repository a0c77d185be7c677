export { setupRoutes } from './setup.routes.ts';
export { createAdmin, createFirstAdmin, isSetupDone, searchDivisions, type SetupInput } from './setup.service.ts';
