import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { MAX_IMPORT_BYTES } from '@gongzhi/contract/ledgers';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditRoutes } from './modules/audit/index.ts';
import { caseStatsRoutes } from './modules/case-stats/index.ts';
import { casesRoutes } from './modules/cases/index.ts';
import { deliberationRoutes } from './modules/deliberation/index.ts';
import { dutyReportsRoutes } from './modules/duty-reports/index.ts';
import { healthRoutes } from './modules/health/index.ts';
import { identityRoutes } from './modules/identity/index.ts';
import { ledgersRoutes } from './modules/ledgers/index.ts';
import { meetingsRoutes } from './modules/meetings/index.ts';
import { notificationsRoutes } from './modules/notifications/index.ts';
import { open311Routes } from './modules/open311/index.ts';
import { organisationRoutes } from './modules/organisation/index.ts';
import { peopleRoutes } from './modules/people/index.ts';
import { setupRoutes } from './modules/setup/index.ts';
import { territoryRoutes } from './modules/territory/index.ts';
import { registerSessionHook } from './platform/auth/session.ts';
import type { AppDeps } from './platform/deps.ts';
import { registerErrorHandler } from './platform/http/error-handler.ts';

z.config(z.locales.zhCN());

/** Every module's routes, in one list: adding a module is one line here. */
const MODULES: ((app: FastifyInstance, deps: AppDeps) => void)[] = [
  healthRoutes,
  identityRoutes,
  setupRoutes,
  territoryRoutes,
  peopleRoutes,
  organisationRoutes,
  ledgersRoutes,
  auditRoutes,
  notificationsRoutes,
  open311Routes,
  caseStatsRoutes,
  casesRoutes,
  deliberationRoutes,
  dutyReportsRoutes,
  meetingsRoutes,
];

/** Builds the Fastify app; `main.ts` listens with it and tests call `inject` on it. */
export async function buildApp(deps: AppDeps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: deps.config.logLevel },
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  // Each upload route sets its own tighter limits on request.parts(); this is the ceiling for all of them.
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: { title: '共治 Gongzhi API', version: '0.1.0', description: '党建引领基层治理平台 REST API' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gz_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerErrorHandler(app, deps.db, path.join(deps.config.webDist, 'index.html'));
  registerSessionHook(app, deps.db);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const register of MODULES) register(app, deps);
  serveWeb(app, deps.config.webDist);
  return app;
}

/** The built single-page app; unknown non-API paths get index.html (see the not-found handler). */
function serveWeb(app: FastifyInstance, dist: string): void {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send('<p>网页尚未构建：请运行 <code>npm start</code>（它会先构建网页）。</p>'),
    );
    return;
  }
  void app.register(fastifyStatic, { root: dist, index: 'index.html' });
}
