import { ApiOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { open311Locales } from './locales.ts';

for (const [language, bundle] of Object.entries(open311Locales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const ApiKeysPage = lazy(() => import('./pages/api-keys-page.tsx'));

export const open311Routes: AppRoute[] = [
  {
    path: 'open311',
    element: <ApiKeysPage />,
    label: 'nav.open311',
    icon: <ApiOutlined />,
    permission: 'open311.manage',
  },
];
