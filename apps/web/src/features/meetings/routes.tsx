import { BarChartOutlined, CalendarOutlined, ScheduleOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { meetingsLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(meetingsLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const MeetingsPage = lazy(() => import('./pages/meetings-page.tsx'));
const MeetingPage = lazy(() => import('./pages/meeting-page.tsx'));
const CheckInPage = lazy(() => import('./pages/check-in-page.tsx'));
const RotaPage = lazy(() => import('./pages/rota-page.tsx'));
const RollcallReportPage = lazy(() => import('./pages/rollcall-report-page.tsx'));

/**
 * The meeting list and the rota are open to every login: a 户长 holds no meetings permission but sees the meetings
 * he is invited to and his own duties. The server decides what each may see and do.
 */
export const meetingsRoutes: AppRoute[] = [
  { path: 'meetings', element: <MeetingsPage />, label: 'nav.meetings', icon: <CalendarOutlined /> },
  { path: 'meetings/rollcall', element: <RotaPage />, label: 'nav.rollcall', icon: <ScheduleOutlined /> },
  {
    path: 'meetings/rollcall/report',
    element: <RollcallReportPage />,
    label: 'nav.rollcallReport',
    icon: <BarChartOutlined />,
    permission: 'meetings.view',
  },
  {
    path: 'meetings/check-in/:token',
    element: <CheckInPage />,
    label: 'nav.meetings',
    isHidden: true,
    menuPath: 'meetings',
  },
  {
    path: 'meetings/:meetingId',
    element: <MeetingPage />,
    label: 'nav.meetings',
    isHidden: true,
    menuPath: 'meetings',
  },
];
