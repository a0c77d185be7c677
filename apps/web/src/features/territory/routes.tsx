import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';

const TerritoryPage = lazy(() => import('./pages/territory-page.tsx'));
const LevelTemplatePage = lazy(() => import('./pages/level-template-page.tsx'));

export const territoryRoutes: AppRoute[] = [
  {
    path: 'territory',
    element: <TerritoryPage />,
    label: 'nav.territory',
    icon: <ApartmentOutlined />,
    permission: 'territory.view',
    isMobileNav: true,
  },
  {
    path: 'territory/communities/:communityId/template',
    element: <LevelTemplatePage />,
    label: 'template.title',
    permission: 'territory.view',
    isHidden: true,
  },
];
