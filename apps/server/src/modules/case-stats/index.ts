export { caseStatsRoutes } from './case-stats.routes.ts';
