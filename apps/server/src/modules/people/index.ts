export { ID_PROBLEM_MESSAGES, makeIdNumber, type ParsedIdNumber, parseIdNumber } from './id-number.ts';
export { findHouseholdInScope, findResidentInScope, requireScope } from './people.policy.ts';
export { type HouseholdRow, householdScopeFilter, type ResidentRow } from './people.repository.ts';
export { peopleRoutes } from './people.routes.ts';
export {
  LANDLINE,
  MOBILE,
  nameSortKey,
  prepareResident,
  type ResidentErrors,
  type ResidentInput,
  type ResidentValues,
} from './resident-record.ts';
