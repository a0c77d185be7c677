import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';

export function peopleRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app;
  void deps;
}
