import { z } from 'zod';
import { defineRoute } from './route.ts';

export const getHealth = defineRoute({
  operationId: 'getHealth',
  method: 'GET',
  path: '/api/health',
  summary: '健康检查',
  tags: ['health'],
  response: z.object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({ kind: z.enum(['embedded', 'external']), version: z.string() }),
  }),
  isPublic: true,
});
