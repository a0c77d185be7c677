import * as contract from '@gongzhi/contract/identity';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE, setSessionCookie } from '../../platform/auth/session.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { registerPublicRoute, registerRoute, requireActor } from '../../platform/http/register-route.ts';
import * as repo from './identity.repository.ts';
import * as service from './identity.service.ts';

export function identityRoutes(app: FastifyInstance, { db }: AppDeps): void {
  app.register(async (scoped) => {
    // Ten attempts a minute per address: enough for a mistyped password, too few for guessing.
    await scoped.register(import('@fastify/rate-limit'), { max: 10, timeWindow: 60_000 });
    registerPublicRoute(scoped, contract.login, async ({ body, reply }) => {
      const { session, actor } = await service.loginUser(db, body.username, body.password);
      setSessionCookie(reply, session);
      return service.describeSession(db, actor, session.csrfToken);
    });
  });

  registerPublicRoute(app, contract.getSession, async ({ request }) => {
    const actor = requireActor(request);
    const { csrfToken } = await repo.csrfOfSession(db, request.sessionId!);
    return service.describeSession(db, actor, csrfToken);
  });

  registerPublicRoute(app, contract.logout, async ({ request, reply }) => {
    if (request.sessionId) await repo.deleteSession(db, request.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  registerPublicRoute(app, contract.switchDistrict, async ({ request, body }) => {
    const actor = requireActor(request);
    const next = await service.switchDistrict(db, actor, request.sessionId!, body.districtId);
    const { csrfToken } = await repo.csrfOfSession(db, request.sessionId!);
    return service.describeSession(db, next, csrfToken);
  });

  registerRoute(app, contract.createUser, (ctx, { body }) => service.createUser(db, ctx, body));
  registerRoute(app, contract.listUsers, async (ctx, { query }) => ({
    items: await service.listUsers(db, ctx, query.q),
  }));
  registerRoute(app, contract.resetPassword, async (ctx, { params, body }) => {
    await service.resetPassword(db, ctx, params.id, body.password);
    return { ok: true as const };
  });
}
