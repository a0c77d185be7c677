import { z } from 'zod';
import { pageOf } from './common.ts';
import { defineRoute } from './route.ts';

/** Query-string boolean: `true` / `false` (z.coerce.boolean would read "false" as true). */
const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const NotificationSchema = z.object({
  id: z.uuid(),
  /** Machine name of what happened, e.g. `case.assigned`. */
  event: z.string(),
  title: z.string(),
  body: z.string(),
  /** Path inside the web app to open, e.g. `/cases/…`. */
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const InboxQuerySchema = z.object({
  unreadOnly: QueryBool.default(false),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque; the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

export const InboxPageSchema = pageOf(NotificationSchema).extend({ unreadCount: z.number().int() });
export type InboxPage = z.infer<typeof InboxPageSchema>;

export const UnreadCountSchema = z.object({ unreadCount: z.number().int() });

export const OutboxStatusSchema = z.enum(['pending', 'sent', 'failed']);
export const OutboxChannelSchema = z.enum(['sms', 'wechat']);

export const OutboxMessageSchema = z.object({
  id: z.uuid(),
  channel: OutboxChannelSchema,
  recipientName: z.string(),
  /** `138****1234`: the full number never leaves the server. */
  recipientMasked: z.string(),
  body: z.string(),
  status: OutboxStatusSchema,
  attempts: z.number().int(),
  /** Where a sent message went: `dev-outbox` means nothing left the machine. */
  deliveredVia: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export const OutboxQuerySchema = z.object({
  status: OutboxStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type OutboxQuery = z.infer<typeof OutboxQuerySchema>;

const IdParams = z.object({ id: z.uuid() });

export const listMyNotifications = defineRoute({
  operationId: 'listMyNotifications',
  method: 'GET',
  path: '/api/v1/notifications',
  summary: '我的消息（最新在前）与未读数',
  tags: ['notifications'],
  query: InboxQuerySchema,
  response: InboxPageSchema,
});

export const countMyUnreadNotifications = defineRoute({
  operationId: 'countMyUnreadNotifications',
  method: 'GET',
  path: '/api/v1/notifications/unread-count',
  summary: '我的未读消息数',
  tags: ['notifications'],
  response: UnreadCountSchema,
});

export const markNotificationRead = defineRoute({
  operationId: 'markNotificationRead',
  method: 'POST',
  path: '/api/v1/notifications/:id/read',
  summary: '将一条消息标为已读',
  tags: ['notifications'],
  params: IdParams,
  response: NotificationSchema,
});

export const markAllNotificationsRead = defineRoute({
  operationId: 'markAllNotificationsRead',
  method: 'POST',
  path: '/api/v1/notifications/read-all',
  summary: '将我的全部消息标为已读',
  tags: ['notifications'],
  response: z.object({ updated: z.number().int() }),
});

export const listDevOutbox = defineRoute({
  operationId: 'listDevOutbox',
  method: 'GET',
  path: '/api/v1/notifications/outbox',
  summary: '开发发件箱：本区县待发和已发的短信、微信（号码脱敏）',
  tags: ['notifications'],
  query: OutboxQuerySchema,
  response: pageOf(OutboxMessageSchema),
});
