import { AuditOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';

const AuditPage = lazy(() => import('./pages/audit-page.tsx'));

export const auditRoutes: AppRoute[] = [
  {
    path: 'audit',
    element: <AuditPage />,
    label: 'nav.audit',
    icon: <AuditOutlined />,
    permission: 'audit.view',
  },
];
