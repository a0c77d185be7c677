import * as contract from '@gongzhi/contract/open311';
import { OPEN311_BASE_PATH } from '@gongzhi/contract/open311';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './open311.service.ts';
import {
  CONTENT_TYPES,
  errorDoc,
  type Open311Doc,
  type Open311Format,
  render,
  splitFormat,
} from './open311-format.ts';
import { postRequest } from './open311-intake.service.ts';

export function open311Routes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  registerRoute(app, contract.createOpen311ApiKey, (ctx, { body }) => service.createApiKey(db, ctx, body));
  registerRoute(app, contract.listOpen311ApiKeys, (ctx) => service.listApiKeys(db, ctx));
  registerRoute(app, contract.revokeOpen311ApiKey, (ctx, { params }) =>
    service.revokeApiKey(db, ctx, params.id),
  );
  // The public GeoReport endpoints speak the spec's XML/JSON and error shapes, so they get their own scope.
  void app.register(
    (scope, _opts, done) => {
      publicRoutes(scope, deps);
      done();
    },
    { prefix: OPEN311_BASE_PATH },
  );
}

const FORMATS: Open311Format[] = ['xml', 'json'];

function formatOf(request: FastifyRequest): Open311Format {
  return /\.json(\?|$)/.test(request.url) ? 'json' : 'xml';
}

function send(reply: FastifyReply, format: Open311Format, doc: Open311Doc, status = 200) {
  return reply.status(status).type(CONTENT_TYPES[format]).send(render(doc, format));
}

function publicRoutes(scope: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  const hide = { schema: { hide: true }, config: { isPublic: true } };
  const query = (request: FastifyRequest) => (request.query ?? {}) as service.Params;

  // Hotline systems post forms (the spec's encoding); JSON bodies are accepted too.
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => {
      const params: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(String(body))) {
        const prev = params[k];
        params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      done(null, params);
    },
  );

  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    const format = formatOf(request);
    if (error instanceof AppError) {
      const field = error.fields ? Object.keys(error.fields)[0] : undefined;
      const text = field && !error.message.includes(field) ? `${field}：${error.message}` : error.message;
      return send(reply, format, errorDoc(error.status, text), error.status);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, format, errorDoc(400, `请求无效：${error.message}`), 400);
    }
    request.log.error({ err: error }, 'open311 error');
    return send(reply, format, errorDoc(500, `服务器内部错误（请求编号 ${request.id}）`), 500);
  });
  scope.setNotFoundHandler((request, reply) =>
    send(reply, formatOf(request), errorDoc(404, `没有这个 Open311 资源：${request.url}`), 404),
  );

  for (const format of FORMATS) {
    scope.get(`/discovery.${format}`, hide, async (request, reply) =>
      send(reply, format, service.discovery(`${request.protocol}://${request.host}`)),
    );
    scope.get(`/services.${format}`, hide, async (request, reply) =>
      send(reply, format, await service.listServices(db, query(request))),
    );
    scope.get(`/requests.${format}`, hide, async (request, reply) =>
      send(reply, format, await service.listRequests(db, query(request))),
    );
    scope.post(`/requests.${format}`, hide, async (request, reply) => {
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as service.Params;
      // api_key travels in the form (the spec's way), never the URL, which ends up in access logs.
      const { api_key: _inUrl, ...fromUrl } = query(request);
      const input = { ...fromUrl, ...body };
      return send(reply, format, await postRequest(deps, input, { requestId: request.id, ip: request.ip }));
    });
  }
  scope.get<{ Params: { file: string } }>('/services/:file', hide, async (request, reply) => {
    const file = splitFormat(request.params.file);
    if (!file) throw new AppError('NOT_FOUND', '请以 .xml 或 .json 结尾');
    return send(reply, file.format, await service.getServiceDefinition(db, query(request), file.name));
  });
  scope.get<{ Params: { file: string } }>('/requests/:file', hide, async (request, reply) => {
    const file = splitFormat(request.params.file);
    if (!file) throw new AppError('NOT_FOUND', '请以 .xml 或 .json 结尾');
    return send(reply, file.format, await service.getRequest(db, query(request), file.name));
  });
}
