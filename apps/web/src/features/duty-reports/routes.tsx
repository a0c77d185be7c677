import { AuditOutlined, BookOutlined, SolutionOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { dutyReportsLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(dutyReportsLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const MinePage = lazy(() => import('./pages/mine-page.tsx'));
const CommunityPage = lazy(() => import('./pages/community-page.tsx'));
const PartyLessonsPage = lazy(() => import('./pages/party-lessons-page.tsx'));

/** 党课 scoring is open to every login (members and residents); the server decides who may keep the menu. */
export const dutyReportsRoutes: AppRoute[] = [
  {
    path: 'duty-reports/mine',
    element: <MinePage />,
    label: 'nav.dutyMine',
    icon: <SolutionOutlined />,
    permission: 'duty.report',
    isMobileNav: true,
  },
  {
    path: 'duty-reports',
    element: <CommunityPage />,
    label: 'nav.dutyCommunity',
    icon: <AuditOutlined />,
    permission: 'duty.evaluate',
  },
  {
    path: 'party-lessons',
    element: <PartyLessonsPage />,
    label: 'nav.partyLessons',
    icon: <BookOutlined />,
  },
];
