import {
  AlertOutlined,
  FileSearchOutlined,
  FormOutlined,
  InboxOutlined,
  PartitionOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { casesLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(casesLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const ReportPage = lazy(() => import('./pages/report-page.tsx'));
const InboxPage = lazy(() => import('./pages/inbox-page.tsx'));
const MinePage = lazy(() => import('./pages/mine-page.tsx'));
const CasePage = lazy(() => import('./pages/case-page.tsx'));
const RatePage = lazy(() => import('./pages/rate-page.tsx'));
const TriagePage = lazy(() => import('./pages/triage-page.tsx'));
const SlaPage = lazy(() => import('./pages/sla-page.tsx'));
const SettingsPage = lazy(() => import('./pages/settings-page.tsx'));

/**
 * Reporting, the inbox and a case's own page are open to every login: a resident reports about his own home and
 * a repair worker's account holds no position. The server decides what each may see and do.
 */

export const casesRoutes: AppRoute[] = [
  {
    path: 'cases/report',
    element: <ReportPage />,
    label: 'nav.caseReport',
    icon: <FormOutlined />,
    isMobileNav: true,
  },
  {
    path: 'cases/inbox',
    element: <InboxPage />,
    label: 'nav.caseInbox',
    icon: <InboxOutlined />,
    isMobileNav: true,
  },
  {
    path: 'cases/mine',
    element: <MinePage />,
    label: 'nav.caseMine',
    icon: <FileSearchOutlined />,
  },
  {
    path: 'cases/triage',
    element: <TriagePage />,
    label: 'nav.caseTriage',
    icon: <PartitionOutlined />,
    permission: 'cases.triage',
  },
  {
    path: 'cases/sla',
    element: <SlaPage />,
    label: 'nav.caseSla',
    icon: <AlertOutlined />,
    permission: 'cases.view',
  },
  {
    path: 'cases/settings',
    element: <SettingsPage />,
    label: 'nav.caseSettings',
    icon: <SettingOutlined />,
    permission: 'cases.triage',
  },
  {
    path: 'cases/:caseId',
    element: <CasePage />,
    label: 'nav.caseInbox',
    isHidden: true,
    menuPath: 'cases/inbox',
  },
  {
    path: 'cases/:caseId/rate',
    element: <RatePage />,
    label: 'nav.caseMine',
    isHidden: true,
    menuPath: 'cases/mine',
  },
];
