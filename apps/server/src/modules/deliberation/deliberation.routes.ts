import * as contract from '@gongzhi/contract/deliberation';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './deliberation.service.ts';

export function deliberationRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerRoute(app, contract.listCouncils, (ctx, { query }) => service.listCouncils(deps, ctx, query));
  registerRoute(app, contract.createCouncil, (ctx, { body }) => service.createCouncil(deps, ctx, body));
  registerRoute(app, contract.updateCouncil, (ctx, { params, body }) =>
    service.updateCouncil(deps, ctx, params.id, body),
  );
  registerRoute(app, contract.listRegularDays, (ctx, { params, query }) =>
    service.listRegularDays(deps, ctx, params.id, query),
  );
  registerRoute(app, contract.recordCouncilMeeting, (ctx, { params, body }) =>
    service.recordCouncilMeeting(deps, ctx, params.id, body),
  );
  registerRoute(app, contract.proposeTopic, (ctx, { body }) => service.proposeTopic(deps, ctx, body));
  registerRoute(app, contract.listTopics, (ctx, { query }) => service.listTopics(deps, ctx, query));
  registerRoute(app, contract.getTopic, (ctx, { params }) => service.getTopic(deps, ctx, params.id));
  registerRoute(app, contract.performTopicAction, (ctx, { params, body }) =>
    service.performTopicAction(deps, ctx, params.id, params.action, body),
  );
  registerRoute(app, contract.castTopicVote, (ctx, { params, body }) =>
    service.castVote(deps, ctx, params.id, body.choice, body.forMemberId),
  );
  registerRoute(app, contract.recordTopicProxy, (ctx, { params, body }) =>
    service.recordProxy(deps, ctx, params.id, body),
  );
  registerRoute(app, contract.addTopicAmendment, (ctx, { params, body }) =>
    service.addAmendment(deps, ctx, params.id, body),
  );
  registerRoute(app, contract.completeTopicItem, (ctx, { params, body }) =>
    service.completeItem(deps, ctx, params.id, params.itemId, body.note),
  );
  registerRoute(app, contract.getDeliberationReport, (ctx, { query }) => service.getReport(deps, ctx, query));
}
