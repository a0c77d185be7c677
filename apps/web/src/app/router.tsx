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
import type { AppRoute } from './app-route.ts';
import { HomeRedirect, NotFoundPage, RequirePermission, RequireSession, RouteErrorPage } from './guards.tsx';

const LoginPage = lazy(() => import('../features/auth/pages/login-page.tsx'));
const SetupPage = lazy(() => import('../features/setup/pages/setup-page.tsx'));

/** Every page of the app in menu order; the menus show the ones the user's permissions allow. */
export const appRoutes: AppRoute[] = [
  ...territoryRoutes,
  ...casesRoutes,
  ...meetingsRoutes,
  ...caseStatsRoutes,
  ...deliberationRoutes,
  ...dutyReportsRoutes,
  ...peopleRoutes,
  ...organisationRoutes,
  ...accountsRoutes,
  ...ledgersRoutes,
  ...auditRoutes,
  ...notificationsRoutes,
  ...open311Routes,
];

const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  { path: '/setup', element: <SetupPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout routes={appRoutes} />
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
