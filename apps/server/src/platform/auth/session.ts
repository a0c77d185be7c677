import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Actor, ActorPosition } from '../access/actor.ts';
import type { PositionKind } from '../access/positions.ts';
import type { Database, Executor } from '../db/database.ts';
import { executePreparedTakeFirst } from '../db/prepared.ts';
import { activeToday } from '../db/validity.ts';
import { AppError } from '../errors.ts';

export const SESSION_COOKIE = 'gz_session';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_DAYS = 14;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    isPublic?: boolean;
  }
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Executor,
  userId: string,
  districtId: string | null,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db
    .insertInto('userSession')
    .values({ id: tokenHash(token), userId, districtId, csrfToken, expiresAt })
    .execute();
  return { token, csrfToken, expiresAt };
}

export function setSessionCookie(reply: FastifyReply, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: false,
    expires: session.expiresAt,
  });
}

/** Active positions of a user in one district, with the path of the node each is held at. */
export async function loadPositions(
  db: Executor,
  userId: string,
  districtId: string,
): Promise<ActorPosition[]> {
  const rows = await db
    .selectFrom('position as p')
    .innerJoin('territoryNode as n', (j) =>
      j.onRef('n.districtId', '=', 'p.districtId').onRef('n.id', '=', 'p.nodeId'),
    )
    .select(['p.id', 'p.kind', 'p.nodeId', sql<string>`n.path::text`.as('nodePath')])
    .where('p.districtId', '=', districtId)
    .where('p.holderUserId', '=', userId)
    .where('p.validFrom', '<=', sql<string>`current_date`)
    .where((eb) => eb.or([eb('p.validTo', 'is', null), eb('p.validTo', '>=', sql<string>`current_date`)]))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as PositionKind,
    nodeId: r.nodeId,
    nodePath: r.nodePath,
  }));
}

/**
 * The session's actor with its positions in the session's district, in one prepared statement: it runs before
 * every request, so it is parsed and planned once per connection.
 */
export async function loadActor(
  db: Database,
  token: string,
): Promise<{ actor: Actor; sessionId: string; csrf: string } | null> {
  const row = await executePreparedTakeFirst(
    db,
    db
      .selectFrom('userSession as s')
      .innerJoin('appUser as u', 'u.id', 's.userId')
      .select([
        's.id as sessionId',
        's.csrfToken',
        's.districtId',
        'u.id',
        'u.username',
        'u.displayName',
        'u.isSuperuser',
        // loadPositions' rows; none without a district (p.district_id = null matches nothing).
        sql<ActorPosition[]>`(select coalesce(json_agg(json_build_object('id', p.id, 'kind', p.kind,
          'nodeId', p.node_id, 'nodePath', n.path::text)), '[]'::json)
          from position p join territory_node n on n.district_id = p.district_id and n.id = p.node_id
          where p.district_id = s.district_id and p.holder_user_id = u.id and ${activeToday('p')})`.as(
          'positions',
        ),
      ])
      .where('s.id', '=', tokenHash(token))
      .where('s.expiresAt', '>', new Date())
      .where('u.disabledAt', 'is', null),
  );
  if (!row) return null;
  return {
    sessionId: row.sessionId,
    csrf: row.csrfToken,
    actor: {
      userId: row.id,
      username: row.username,
      displayName: row.displayName,
      isSuperuser: row.isSuperuser,
      districtId: row.districtId,
      positions: row.positions,
    },
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Loads the actor from the session cookie on every request and enforces CSRF: a mutating request made with
 * a session must echo the session's token in `x-csrf-token` (the cookie alone, sent by a forged form, is not
 * enough).
 */
export function registerSessionHook(app: FastifyInstance, db: Database): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const loaded = await loadActor(db, token);
    if (!loaded) return;
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !safeEqual(header, loaded.csrf)) {
        throw new AppError('CSRF_MISMATCH', '页面已过期，请刷新后重试（CSRF 校验失败）');
      }
    }
    request.actor = loaded.actor;
    request.sessionId = loaded.sessionId;
  });
}
