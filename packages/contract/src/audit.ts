import { z } from 'zod';
import { IsoDate, pageOf, Uuid } from './common.ts';
import { defineRoute } from './route.ts';

export const AuditOutcomeSchema = z.enum(['success', 'denied', 'failed']);

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  outcome: AuditOutcomeSchema,
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({
  /** Prefix of the action, e.g. `territory.` for every territory change. */
  action: z.string().trim().min(1).max(100).optional(),
  entityType: z.string().trim().min(1).max(50).optional(),
  entityId: z.string().trim().min(1).max(100).optional(),
  actorUserId: Uuid.optional(),
  /** Inclusive business dates (Asia/Shanghai). */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  outcome: AuditOutcomeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last entry of the previous page (entries come newest first). */
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, '翻页游标不正确')
    .optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const listAuditLog = defineRoute({
  operationId: 'listAuditLog',
  method: 'GET',
  path: '/api/v1/audit',
  summary: '操作日志（本区县，最新在前）',
  tags: ['audit'],
  query: AuditQuerySchema,
  response: pageOf(AuditEntrySchema),
});
