import * as contract from '@gongzhi/contract/cases';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './case-settings.service.ts';

export function caseSettingsRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerRoute(app, contract.listCaseCategorySettings, (ctx, { query }) =>
    service.listSettings(deps, ctx, query),
  );
  registerRoute(app, contract.createCaseCategory, (ctx, { body }) => service.createCategory(deps, ctx, body));
  registerRoute(app, contract.updateCaseCategory, (ctx, { params, body }) =>
    service.updateCategory(deps, ctx, params.code, body),
  );
  registerRoute(app, contract.retireCaseCategory, (ctx, { params }) =>
    service.retireCategory(deps, ctx, params.code),
  );
  registerRoute(app, contract.setCaseLimitOverride, (ctx, { params, body }) =>
    service.setOverride(deps, ctx, params.communityId, params.code, body),
  );
  registerRoute(app, contract.clearCaseLimitOverride, (ctx, { params }) =>
    service.clearOverride(deps, ctx, params.communityId, params.code),
  );
}
