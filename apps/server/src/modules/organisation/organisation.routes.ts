import * as contract from '@gongzhi/contract/organisation';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './organisation.service.ts';
import * as party from './party.service.ts';

export function organisationRoutes(app: FastifyInstance, { db, crypto }: AppDeps): void {
  registerRoute(app, contract.listPositions, (ctx, { query }) => service.listPositions(db, ctx, query));
  registerRoute(app, contract.getPosition, (ctx, { params }) => service.getPosition(db, ctx, params.id));
  registerRoute(app, contract.createPosition, (ctx, { body }) =>
    service.createPosition(db, crypto, ctx, body),
  );
  registerRoute(app, contract.updatePosition, (ctx, { params, body }) =>
    service.updatePosition(db, crypto, ctx, params.id, body),
  );
  registerRoute(app, contract.endPosition, (ctx, { params, body }) =>
    service.endPosition(db, ctx, params.id, body),
  );

  registerRoute(app, contract.assignHouseholds, (ctx, { params, body }) =>
    service.assignHouseholds(db, ctx, params.id, body),
  );
  registerRoute(app, contract.unassignHousehold, (ctx, { params }) =>
    service.unassignHousehold(db, ctx, params.id, params.householdId),
  );
  registerRoute(app, contract.listPositionHouseholds, (ctx, { params, query }) =>
    service.listPositionHouseholds(db, ctx, params.id, query),
  );
  registerRoute(app, contract.listLinkCandidates, (ctx, { params, query }) =>
    service.listLinkCandidates(db, ctx, params.id, query),
  );
  registerRoute(app, contract.handoverHouseholds, (ctx, { params, body }) =>
    service.handoverHouseholds(db, ctx, params.id, body),
  );
  registerRoute(app, contract.endHandover, (ctx, { params, body }) =>
    service.endHandover(db, ctx, params.id, body),
  );

  registerRoute(app, contract.getCoverage, (ctx, { query }) => service.getCoverage(db, ctx, query));
  registerRoute(app, contract.getPartyCoverage, (ctx, { query }) => service.getPartyCoverage(db, ctx, query));

  registerRoute(app, contract.listPartyOrgs, (ctx, { query }) => party.listPartyOrgs(db, ctx, query.nodeId));
  registerRoute(app, contract.createPartyOrg, (ctx, { body }) => party.createPartyOrg(db, ctx, body));
  registerRoute(app, contract.renamePartyOrg, (ctx, { params, body }) =>
    party.renamePartyOrg(db, ctx, params.id, body.name),
  );
  registerRoute(app, contract.listPartyMembers, (ctx, { query }) => party.listPartyMembers(db, ctx, query));
  registerRoute(app, contract.getPartyMember, (ctx, { params }) => party.getPartyMember(db, ctx, params.id));
  registerRoute(app, contract.createPartyMember, (ctx, { body }) => party.createPartyMember(db, ctx, body));
  registerRoute(app, contract.updatePartyMember, (ctx, { params, body }) =>
    party.updatePartyMember(db, ctx, params.id, body),
  );
  registerRoute(app, contract.deletePartyMember, (ctx, { params }) =>
    party.deletePartyMember(db, ctx, params.id),
  );
  registerRoute(app, contract.suggestBuildingChief, (ctx, { params }) =>
    party.suggestBuildingChief(db, ctx, params.id),
  );
}
