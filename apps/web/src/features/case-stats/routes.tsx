import { BarChartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { caseStatsLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(caseStatsLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const DashboardPage = lazy(() => import('./pages/dashboard-page.tsx'));

export const caseStatsRoutes: AppRoute[] = [
  {
    path: 'case-stats',
    element: <DashboardPage />,
    label: 'nav.caseStats',
    icon: <BarChartOutlined />,
    permission: 'cases.stats',
  },
];
