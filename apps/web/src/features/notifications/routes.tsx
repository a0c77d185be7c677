import { BellOutlined, SendOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { notificationsLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(notificationsLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const InboxPage = lazy(() => import('./pages/inbox-page.tsx'));
const OutboxPage = lazy(() => import('./pages/outbox-page.tsx'));

/** The inbox opens from the header bell; the outbox from the inbox, for administrators. */
export const notificationsRoutes: AppRoute[] = [
  {
    path: 'notifications',
    element: <InboxPage />,
    label: 'nav.notifications',
    icon: <BellOutlined />,
    isHidden: true,
  },
  {
    path: 'notifications/outbox',
    element: <OutboxPage />,
    label: 'nav.devOutbox',
    icon: <SendOutlined />,
    // The server allows system administrators only; audit.view keeps the page from field workers.
    permission: 'audit.view',
    isHidden: true,
  },
];
