export { setupRoutes } from './setup.routes.ts';
export { createAdmin, isSetupDone } from './setup.service.ts';
