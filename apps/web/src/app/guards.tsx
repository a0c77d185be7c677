import { Button, Result } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useRouteError } from 'react-router';
import { ErrorState, FullPageSpinner } from '../components/ui/query-state.tsx';
import { useSession } from '../lib/session.ts';
import type { AppRoute } from './app-route.ts';

/** Sends visitors without a session to the login page, remembering where they were going. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session, isLoading, error } = useSession();
  const location = useLocation();
  if (isLoading) return <FullPageSpinner />;
  if (error) return <ErrorState error={error} onRetry={() => window.location.reload()} />;
  if (!session) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Suspense fallback={<FullPageSpinner />}>{children}</Suspense>;
}

export function RequirePermission({ permission, children }: { permission?: string; children: ReactNode }) {
  const { can } = useSession();
  const { t } = useTranslation();
  if (!can(permission))
    return <Result status="403" title={t('common.forbidden')} subTitle={t('common.forbiddenHint')} />;
  return <>{children}</>;
}

/** Chiefs who only serve their linked households (联户) start on their own list, not the registry. */
const LINKED_POSITION_KINDS = ['household_chief', 'neighbour_chief', 'party_linker'];
const LINKED_HOME = 'my-households';

/** The landing page: the first page the user may open (territory for staff, 我的联系户 for chiefs). */
export function HomeRedirect({ routes }: { routes: AppRoute[] }) {
  const { session, can } = useSession();
  const { t } = useTranslation();
  const visible = routes.filter((r) => !r.isHidden && can(r.permission));
  const positions = session?.positions ?? [];
  const isLinkedOnly = positions.length > 0 && positions.every((p) => LINKED_POSITION_KINDS.includes(p.kind));
  const first = (isLinkedOnly && visible.find((r) => r.path === LINKED_HOME)) || visible[0];
  if (!first) return <Result status="info" title={t('home.noPages')} subTitle={t('home.noPagesHint')} />;
  return <Navigate to={`/${first.path}`} replace />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('common.pageNotFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  // A new deployment replaced the lazily loaded chunks: reloading fetches the new ones.
  const isStaleChunk =
    error instanceof TypeError &&
    /dynamically imported module|Importing a module script/i.test(error.message);
  return (
    <Result
      status="warning"
      title={isStaleChunk ? t('common.newVersion') : t('common.pageCrashed')}
      subTitle={error instanceof Error ? error.message : undefined}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}
