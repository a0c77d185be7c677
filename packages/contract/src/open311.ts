import { z } from 'zod';
import { defineRoute } from './route.ts';

/**
 * Open311 GeoReport v2 for the 12345 hotline. The public endpoints live at `/open311/v2/` and speak the spec's
 * own XML/JSON shapes (not this contract's); only the administrators' API-key routes are defined here.
 */
export const OPEN311_BASE_PATH = '/open311/v2';

export const OPEN311_LIMITS = {
  /** GET requests: default and maximum window of requested_datetime (the spec's 90 days). */
  windowDays: 90,
  /** GET requests: at most this many, newest first (the spec's 1000). */
  maxRequests: 1000,
  /** POST requests per API key per minute. */
  postsPerMinute: 30,
  descriptionMax: 1000,
  addressMax: 200,
  nameMax: 25,
} as const;

export const Open311ApiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Masked: `••••••••` and the secret's last four characters. */
  maskedKey: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type Open311ApiKey = z.infer<typeof Open311ApiKeySchema>;

export const CreateOpen311ApiKeyBodySchema = z.object({
  name: z.string().trim().min(1, '请填写密钥名称（如“区 12345 热线”）').max(40, '名称不能超过 40 个字'),
});
export type CreateOpen311ApiKeyBody = z.infer<typeof CreateOpen311ApiKeyBodySchema>;

export const createOpen311ApiKey = defineRoute({
  operationId: 'createOpen311ApiKey',
  method: 'POST',
  path: '/api/v1/open311/api-keys',
  summary: '新建 12345 对接密钥（密钥只在此时显示一次）',
  tags: ['open311'],
  body: CreateOpen311ApiKeyBodySchema,
  response: Open311ApiKeySchema.extend({
    /** The secret, shown once: only its sha256 is stored. */
    secret: z.string(),
  }),
});

export const listOpen311ApiKeys = defineRoute({
  operationId: 'listOpen311ApiKeys',
  method: 'GET',
  path: '/api/v1/open311/api-keys',
  summary: '12345 对接密钥列表（已脱敏）',
  tags: ['open311'],
  response: z.object({ items: z.array(Open311ApiKeySchema) }),
});

export const revokeOpen311ApiKey = defineRoute({
  operationId: 'revokeOpen311ApiKey',
  method: 'POST',
  path: '/api/v1/open311/api-keys/:id/revoke',
  summary: '吊销 12345 对接密钥（立即失效）',
  tags: ['open311'],
  params: z.object({ id: z.uuid() }),
  response: Open311ApiKeySchema,
});
