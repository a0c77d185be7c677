import { CommentOutlined, EditOutlined, PieChartOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { deliberationLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(deliberationLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const TopicsPage = lazy(() => import('./pages/topics-page.tsx'));
const TopicPage = lazy(() => import('./pages/topic-page.tsx'));
const ProposePage = lazy(() => import('./pages/propose-page.tsx'));
const CouncilsPage = lazy(() => import('./pages/councils-page.tsx'));
const ReportPage = lazy(() => import('./pages/report-page.tsx'));

/** Raising a topic and a topic's own page are open to every login (residents, council members); the server decides. */
export const deliberationRoutes: AppRoute[] = [
  {
    path: 'deliberation/topics',
    element: <TopicsPage />,
    label: 'nav.deliberationTopics',
    icon: <CommentOutlined />,
  },
  {
    path: 'deliberation/propose',
    element: <ProposePage />,
    label: 'nav.deliberationPropose',
    icon: <EditOutlined />,
  },
  {
    path: 'deliberation/councils',
    element: <CouncilsPage />,
    label: 'nav.deliberationCouncils',
    icon: <TeamOutlined />,
    permission: 'deliberation.view',
  },
  {
    path: 'deliberation/report',
    element: <ReportPage />,
    label: 'nav.deliberationReport',
    icon: <PieChartOutlined />,
    permission: 'deliberation.view',
  },
  {
    path: 'deliberation/topics/:topicId',
    element: <TopicPage />,
    label: 'nav.deliberationTopics',
    isHidden: true,
    menuPath: 'deliberation/topics',
  },
];
