import * as contract from '@gongzhi/contract/audit';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import { listAudit } from './audit.service.ts';

export function auditRoutes(app: FastifyInstance, { db }: AppDeps): void {
  registerRoute(app, contract.listAuditLog, (ctx, { query }) => listAudit(db, ctx, query));
}
