import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';

export function territoryRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app;
  void deps;
}
