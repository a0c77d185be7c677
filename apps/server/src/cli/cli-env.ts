import type { Actor } from '../platform/access/actor.ts';
import { loadPositions } from '../platform/auth/session.ts';
import type { AppDeps } from '../platform/deps.ts';
import { AppError } from '../platform/errors.ts';
import { contextFor, type RequestContext } from '../platform/http/context.ts';

/** What every `gongzhi` command gets: the opened services, an acting context per district, and its streams. */
export interface CliEnv {
  deps: AppDeps;
  /** Acts as the first superuser holding an admin position in the district, so audit rows name a real user. */
  contextFor(districtId: string): Promise<RequestContext>;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Where interactive commands read answers; standard input unless a test supplies one. */
  in?: NodeJS.ReadableStream;
}

/** Every command file exports this. */
export type CliCommand = (args: string[], env: CliEnv) => Promise<number>;

export function createCliEnv(
  deps: AppDeps,
  streams: { out?: NodeJS.WritableStream; err?: NodeJS.WritableStream; in?: NodeJS.ReadableStream } = {},
): CliEnv {
  return {
    deps,
    out: streams.out ?? process.stdout,
    err: streams.err ?? process.stderr,
    in: streams.in ?? process.stdin,
    async contextFor(districtId) {
      const user = await deps.db
        .selectFrom('appUser as u')
        .innerJoin('position as p', 'p.holderUserId', 'u.id')
        .select(['u.id', 'u.username', 'u.displayName'])
        .where('p.districtId', '=', districtId)
        .where('p.kind', '=', 'admin')
        .where('u.isSuperuser', '=', true)
        .where('u.disabledAt', 'is', null)
        .orderBy('u.createdAt')
        .orderBy('u.id')
        .limit(1)
        .executeTakeFirst();
      if (!user)
        throw new AppError(
          'NOT_FOUND',
          `区县 ${districtId} 还没有管理员：请先运行 gongzhi setup 或 gongzhi demo`,
        );
      const actor: Actor = {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        isSuperuser: true,
        districtId,
        positions: await loadPositions(deps.db, user.id, districtId),
      };
      return contextFor(actor, null, null);
    },
  };
}
