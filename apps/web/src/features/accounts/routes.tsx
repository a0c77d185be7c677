import { IdcardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { accountsLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(accountsLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const AccountsPage = lazy(() => import('./pages/accounts-page.tsx'));

export const accountsRoutes: AppRoute[] = [
  {
    path: 'accounts',
    element: <AccountsPage />,
    label: 'nav.accounts',
    icon: <IdcardOutlined />,
    permission: 'organisation.view',
  },
];
