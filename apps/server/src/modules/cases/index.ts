export { DEFAULT_CATEGORIES, ensureCategories } from './case-categories.ts';
export { CASE_SWEEP_JOB, type SweepResult, scheduleCaseSweep, sweepCases } from './case-sweep.ts';
export { casesRoutes } from './cases.routes.ts';
export {
  applyDeliberationDecision,
  type DeliberationDecision,
  performAction,
  rateCase,
  submitCase,
} from './cases.service.ts';
