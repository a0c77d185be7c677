import * as contract from '@gongzhi/contract/setup';
import type { FastifyInstance } from 'fastify';
import { setSessionCookie } from '../../platform/auth/session.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { registerPublicRoute } from '../../platform/http/register-route.ts';
import { loadDemo } from '../demo/index.ts';
import { describeSession } from '../identity/index.ts';
import * as service from './setup.service.ts';

export function setupRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  let divisionsLoaded = false;
  void deps.divisionsReady.then(() => {
    divisionsLoaded = true;
  });

  registerPublicRoute(app, contract.getSetupStatus, async () => ({
    isSetupDone: await service.isSetupDone(db),
    divisionsReady: divisionsLoaded,
  }));

  registerPublicRoute(app, contract.searchDivisions, async ({ query }) => {
    await deps.divisionsReady;
    return { items: await service.searchDivisions(db, query.q, query.level, query.limit) };
  });

  registerPublicRoute(app, contract.completeSetup, async ({ body, reply }) => {
    await deps.divisionsReady;
    const { session, actor } = await service.completeSetup(db, body);
    setSessionCookie(reply, session);
    return describeSession(db, actor, session.csrfToken);
  });

  registerPublicRoute(app, contract.loadDemo, async ({ request }) => {
    const { username, password } = await loadDemo(deps, {
      freshInstallOnly: true,
      onProgress: (m) => request.log.info(m),
    });
    return { username, password };
  });
}
