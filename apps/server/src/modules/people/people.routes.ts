import * as contract from '@gongzhi/contract/people';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './people.service.ts';

export function peopleRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  registerRoute(app, contract.listTags, async (ctx) => ({ items: await service.listTags(db, ctx) }));

  registerRoute(app, contract.createHousehold, (ctx, { body }) => service.createHousehold(db, ctx, body));
  registerRoute(app, contract.listHouseholds, (ctx, { query }) => service.listHouseholds(db, ctx, query));
  registerRoute(app, contract.getHousehold, (ctx, { params }) => service.getHousehold(db, ctx, params.id));
  registerRoute(app, contract.updateHousehold, (ctx, { params, body }) =>
    service.updateHousehold(db, ctx, params.id, body),
  );
  registerRoute(app, contract.addResident, (ctx, { params, body }) =>
    service.addResident(deps, ctx, params.id, body),
  );

  registerRoute(app, contract.listResidents, (ctx, { query }) => service.listResidents(deps, ctx, query));
  registerRoute(app, contract.checkIdNumber, (ctx, { query }) =>
    service.checkIdNumber(deps, ctx, query.idNumber),
  );
  registerRoute(app, contract.getResident, (ctx, { params }) => service.getResident(db, ctx, params.id));
  registerRoute(app, contract.updateResident, (ctx, { params, body }) =>
    service.updateResident(deps, ctx, params.id, body),
  );
  registerRoute(app, contract.revealResidentField, (ctx, { params, body }) =>
    service.revealResidentField(deps, ctx, params.id, body),
  );

  registerRoute(app, contract.moveOutResident, (ctx, { params, body }) =>
    service.recordLeaving(db, ctx, params.id, 'move_out', body),
  );
  registerRoute(app, contract.recordDeath, (ctx, { params, body }) =>
    service.recordLeaving(db, ctx, params.id, 'death', body),
  );
  registerRoute(app, contract.moveInResident, (ctx, { params, body }) =>
    service.moveInResident(db, ctx, params.id, body),
  );
  registerRoute(app, contract.listResidentEvents, async (ctx, { params }) => ({
    items: await service.listResidentEvents(db, ctx, params.id),
  }));

  registerRoute(app, contract.addResidentTag, (ctx, { params, body }) =>
    service.addResidentTag(db, ctx, params.id, body),
  );
  registerRoute(app, contract.removeResidentTag, (ctx, { params }) =>
    service.removeResidentTag(db, ctx, params.id, params.tagCode),
  );
  registerRoute(app, contract.recordConsent, (ctx, { params, body }) =>
    service.recordConsent(db, ctx, params.id, body),
  );
  registerRoute(app, contract.listConsents, async (ctx, { params }) => ({
    items: await service.listConsents(db, ctx, params.id),
  }));
  registerRoute(app, contract.withdrawConsent, (ctx, { params, body }) =>
    service.withdrawConsent(db, ctx, params.id, params.consentId, body.note),
  );
}
