import type { RouteDef, RouteOutput } from '@gongzhi/contract/route';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Actor } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { contextFor, type RequestContext } from './context.ts';

type In<T> = [T] extends [undefined] ? undefined : z.output<NonNullable<T> & z.ZodType>;

export interface HandlerInput<D extends RouteDef> {
  params: In<D['params']>;
  query: In<D['query']>;
  body: In<D['body']>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * Registers a contract route on Fastify: zod validates input and serialises output, and every non-public
 * route requires a session and hands the handler a RequestContext scoped to the caller's district.
 */
export function registerRoute<D extends RouteDef>(
  app: FastifyInstance,
  def: D,
  handler: (ctx: RequestContext, input: HandlerInput<D>) => Promise<RouteOutput<D>>,
): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: def.method,
    url: def.path,
    schema: {
      operationId: def.operationId,
      summary: def.summary,
      tags: def.tags,
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { querystring: def.query } : {}),
      ...(def.body ? { body: def.body } : {}),
      response: { 200: def.response },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const ctx = contextFor(actor, request.id, request.ip);
      return handler(ctx, {
        params: request.params as In<D['params']>,
        query: request.query as In<D['query']>,
        body: request.body as In<D['body']>,
        request,
        reply,
      });
    },
  });
}

/** For routes that work without a session or without a district (login, setup, health). */
export function registerPublicRoute<D extends RouteDef>(
  app: FastifyInstance,
  def: D,
  handler: (input: HandlerInput<D> & { actor: Actor | null }) => Promise<RouteOutput<D>>,
): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: def.method,
    url: def.path,
    schema: {
      operationId: def.operationId,
      summary: def.summary,
      tags: def.tags,
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { querystring: def.query } : {}),
      ...(def.body ? { body: def.body } : {}),
      response: { 200: def.response },
    },
    config: { isPublic: true },
    handler: async (request, reply) =>
      handler({
        params: request.params as In<D['params']>,
        query: request.query as In<D['query']>,
        body: request.body as In<D['body']>,
        request,
        reply,
        actor: request.actor,
      }),
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}
