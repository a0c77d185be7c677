import { TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';

const HouseholdsPage = lazy(() => import('./pages/households-page.tsx'));
const HouseholdPage = lazy(() => import('./pages/household-page.tsx'));
const ResidentPage = lazy(() => import('./pages/resident-page.tsx'));

export const peopleRoutes: AppRoute[] = [
  {
    path: 'households',
    element: <HouseholdsPage />,
    label: 'nav.households',
    icon: <TeamOutlined />,
    permission: 'registry.view',
    isMobileNav: true,
  },
  {
    path: 'households/:householdId',
    element: <HouseholdPage />,
    label: 'nav.household',
    permission: 'registry.view',
    isHidden: true,
  },
  {
    path: 'residents/:residentId',
    element: <ResidentPage />,
    label: 'nav.resident',
    permission: 'registry.view',
    isHidden: true,
    menuPath: 'households',
  },
];
