import * as contract from '@gongzhi/contract/territory';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './territory.service.ts';

export function territoryRoutes(app: FastifyInstance, { db }: AppDeps): void {
  registerRoute(app, contract.listTerritoryRoots, (ctx, { query }) =>
    service.listRoots(db, ctx, query.includeRetired),
  );
  registerRoute(app, contract.listTerritoryChildren, (ctx, { params, query }) =>
    service.listChildren(db, ctx, params.id, query.includeRetired),
  );
  registerRoute(app, contract.getTerritoryNode, (ctx, { params }) => service.getNode(db, ctx, params.id));
  registerRoute(app, contract.searchTerritoryNodes, (ctx, { query }) => service.searchNodes(db, ctx, query));
  registerRoute(app, contract.createTerritoryNode, (ctx, { body }) => service.createNode(db, ctx, body));
  registerRoute(app, contract.renameTerritoryNode, (ctx, { params, body }) =>
    service.renameNode(db, ctx, params.id, body.name),
  );
  registerRoute(app, contract.moveTerritoryNode, (ctx, { params, body }) =>
    service.moveNode(db, ctx, params.id, body.parentId),
  );
  registerRoute(app, contract.retireTerritoryNode, (ctx, { params }) =>
    service.retireNode(db, ctx, params.id),
  );
  registerRoute(app, contract.getLevelTemplate, (ctx, { params }) =>
    service.readLevelTemplate(db, ctx, params.communityId),
  );
  registerRoute(app, contract.updateLevelTemplate, (ctx, { params, body }) =>
    service.updateLevelTemplate(db, ctx, params.communityId, body),
  );
}
