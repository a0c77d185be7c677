export { ledgersRoutes } from './ledgers.routes.ts';
