import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';

export function ledgersRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app;
  void deps;
}
