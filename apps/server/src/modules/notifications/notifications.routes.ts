import * as contract from '@gongzhi/contract/notifications';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import {
  countMyUnread,
  listDevOutbox,
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.service.ts';

export function notificationsRoutes(app: FastifyInstance, { db }: AppDeps): void {
  registerRoute(app, contract.listMyNotifications, (ctx, { query }) => listMyNotifications(db, ctx, query));
  registerRoute(app, contract.countMyUnreadNotifications, (ctx) => countMyUnread(db, ctx));
  registerRoute(app, contract.markNotificationRead, (ctx, { params }) =>
    markNotificationRead(db, ctx, params.id),
  );
  registerRoute(app, contract.markAllNotificationsRead, (ctx) => markAllNotificationsRead(db, ctx));
  registerRoute(app, contract.listDevOutbox, (ctx, { query }) => listDevOutbox(db, ctx, query));
}
