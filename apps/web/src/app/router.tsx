import { lazy } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { accountsRoutes } from '../features/accounts/routes.tsx';
import { auditRoutes } from '../features/audit/routes.tsx';
import { caseStatsRoutes } from '../features/case-stats/routes.tsx';
import { casesRoutes } from '../features/cases/routes.tsx';
import { deliberationRoutes } from '../features/deliberation/routes.tsx';
import { dutyReportsRoutes } from '../features/duty-reports/routes.tsx';
import { ledgersRoutes } from '../features/ledgers/routes.tsx';
import { meetingsRoutes } from '../features/meetings/routes.tsx';
import { notificationsRoutes } from '../features/notifications/routes.tsx';
import { open311Routes } from '../features/open311/routes.tsx';
import { organisationRoutes } from '../features/organisation/routes.tsx';
import { peopleRoutes } from '../features/people/routes.tsx';
import { territoryRoutes } from '../features/territory/routes.tsx';
import { AppLayout } from './app-layout.tsx';
import type { AppRoute, MenuGroup } from './app-route.ts';
import { HomeRedirect, NotFoundPage, RequirePermission, RequireSession, RouteErrorPage } from './guards.tsx';

const LoginPage = lazy(() => import('../features/auth/pages/login-page.tsx'));
const SetupPage = lazy(() => import('../features/setup/pages/setup-page.tsx'));

/**
 * The menu: pages grouped by the work they serve, in order. The first group a user may see holds his home page,
 * and the phone tab bar takes the first pages marked for it (so 报事 and 我的待办 come early).
 */
export const appMenu: MenuGroup[] = [
  { key: 'registry', label: 'nav.group.registry', routes: [...territoryRoutes, ...peopleRoutes] },
  { key: 'cases', label: 'nav.group.cases', routes: [...casesRoutes, ...caseStatsRoutes] },
  { key: 'organisation', label: 'nav.group.organisation', routes: organisationRoutes },
  { key: 'deliberation', label: 'nav.group.deliberation', routes: deliberationRoutes },
  { key: 'meetings', label: 'nav.group.meetings', routes: [...meetingsRoutes, ...dutyReportsRoutes] },
  {
    key: 'system',
    label: 'nav.group.system',
    routes: [...ledgersRoutes, ...accountsRoutes, ...notificationsRoutes, ...open311Routes, ...auditRoutes],
  },
];

/** Every page of the app in menu order. */
export const appRoutes: AppRoute[] = appMenu.flatMap((group) => group.routes);

const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  { path: '/setup', element: <SetupPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout menu={appMenu} />
      </RequireSession>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomeRedirect routes={appRoutes} /> },
      ...appRoutes.map((route) => ({
        path: route.path,
        element: <RequirePermission permission={route.permission}>{route.element}</RequirePermission>,
      })),
      { path: 'home', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
