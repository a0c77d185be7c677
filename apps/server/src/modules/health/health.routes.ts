import { getHealth } from '@gongzhi/contract/health';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/deps.ts';
import { registerPublicRoute } from '../../platform/http/register-route.ts';

export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerPublicRoute(app, getHealth, async () => {
    const isUp = await sql`select 1`.execute(deps.db).then(
      () => true,
      () => false,
    );
    return { status: isUp ? ('ok' as const) : ('degraded' as const), database: deps.database };
  });
}
