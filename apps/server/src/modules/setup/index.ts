export { setupRoutes } from './setup.routes.ts';
export {
  createAdmin,
  createFirstAdmin,
  isSetupDone,
  type SetupInput,
  searchDivisions,
} from './setup.service.ts';
