import * as contract from '@gongzhi/contract/case-stats';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './case-stats.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function caseStatsRoutes(app: FastifyInstance, { db }: AppDeps): void {
  registerRoute(app, contract.getCaseDashboard, (ctx, { query }) => service.getDashboard(db, ctx, query));
  registerRoute(app, contract.getCaseStatsWeights, (ctx) => service.getWeights(db, ctx));
  registerRoute(app, contract.updateCaseStatsWeights, (ctx, { body }) =>
    service.updateWeights(db, ctx, body),
  );
  registerRoute(app, contract.exportCaseLedger, async (ctx, { query, reply }) => {
    const { stream, fileName } = await service.exportLedger(db, ctx, query);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('cache-control', 'no-store')
      .send(stream);
  });
}
