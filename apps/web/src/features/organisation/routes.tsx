import {
  ClusterOutlined,
  FlagOutlined,
  HomeOutlined,
  PieChartOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { organisationLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(organisationLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const MyHouseholdsPage = lazy(() => import('./pages/my-households-page.tsx'));
const MyHouseholdPage = lazy(() => import('./pages/my-household-page.tsx'));
const AssignPage = lazy(() => import('./pages/assign-page.tsx'));
const PositionsPage = lazy(() => import('./pages/positions-page.tsx'));
const PositionDetailPage = lazy(() => import('./pages/position-detail-page.tsx'));
const CoveragePage = lazy(() => import('./pages/coverage-page.tsx'));
const PartyPage = lazy(() => import('./pages/party-page.tsx'));

export const organisationRoutes: AppRoute[] = [
  {
    path: 'my-households',
    element: <MyHouseholdsPage />,
    label: 'nav.myHouseholds',
    icon: <HomeOutlined />,
    permission: 'registry.view',
    isMobileNav: true,
  },
  {
    path: 'my-households/:householdId',
    element: <MyHouseholdPage />,
    label: 'nav.myHouseholds',
    permission: 'registry.view',
    isHidden: true,
  },
  {
    path: 'organisation/positions',
    element: <PositionsPage />,
    label: 'nav.positions',
    icon: <ClusterOutlined />,
    permission: 'organisation.view',
  },
  {
    path: 'organisation/positions/:positionId',
    element: <PositionDetailPage />,
    label: 'nav.positions',
    permission: 'organisation.view',
    isHidden: true,
  },
  {
    path: 'organisation/assign',
    element: <AssignPage />,
    label: 'nav.assign',
    icon: <UsergroupAddOutlined />,
    permission: 'organisation.manage',
    isMobileNav: true,
  },
  {
    path: 'organisation/coverage',
    element: <CoveragePage />,
    label: 'nav.coverage',
    icon: <PieChartOutlined />,
    permission: 'organisation.view',
    isMobileNav: true,
  },
  {
    path: 'organisation/party',
    element: <PartyPage />,
    label: 'nav.party',
    icon: <FlagOutlined />,
    permission: 'organisation.view',
  },
];
