export { findUserByUsername, insertResidentAccount, insertUser } from './identity.repository.ts';
export { identityRoutes } from './identity.routes.ts';
export { describeSession, loginUser } from './identity.service.ts';
