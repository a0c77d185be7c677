import {
  AppstoreOutlined,
  GlobalOutlined,
  LogoutOutlined,
  MenuOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  App,
  Avatar,
  Button,
  Drawer,
  Dropdown,
  Flex,
  Layout,
  Menu,
  type MenuProps,
  Select,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchPath, Outlet, useLocation, useNavigate } from 'react-router';
import { LoadingBlock } from '../components/ui/query-state.tsx';
import { NotificationBell } from '../features/notifications/components/notification-bell.tsx';
import { setUnauthenticatedHandler } from '../lib/api-client.ts';
import { setLanguage } from '../lib/i18n.ts';
import { queryClient } from '../lib/query-client.ts';
import { sessionQueryKey, useSession } from '../lib/session.ts';
import { useIsMobile } from '../lib/use-is-mobile.ts';
import type { AppRoute, MenuGroup } from './app-route.ts';
import { brandColor } from './providers.tsx';

const MOBILE_TABS_MAX = 5;
const MobileTabBar = lazy(() => import('./mobile-tab-bar.tsx'));

function routeKey(route: AppRoute): string {
  return `/${route.path}`;
}

/** The menu item of the page at `pathname`: its own, or for a hidden detail page the item it belongs to. */
function activeKey(pathname: string, routes: AppRoute[]): string | undefined {
  const route = routes.find((r) => matchPath(`/${r.path}`, pathname));
  if (route && !route.isHidden) return routeKey(route);
  if (route?.menuPath) return `/${route.menuPath}`;
  const first = pathname.split('/')[1] ?? '';
  const sibling = routes.find((r) => !r.isHidden && r.path.split('/')[0] === first);
  return sibling && routeKey(sibling);
}

function Brand({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={8} style={{ height: compact ? 48 : 64, padding: compact ? 0 : '0 20px' }}>
      <div
        style={{
          width: 28,
          height: 28,
          borderRadius: 6,
          background: brandColor,
          color: '#fff',
          display: 'grid',
          placeItems: 'center',
          fontWeight: 700,
          fontSize: 15,
          lineHeight: 1,
        }}
      >
        共
      </div>
      <Typography.Text strong style={{ fontSize: compact ? 16 : 17, whiteSpace: 'nowrap' }}>
        {t('app.name')}
      </Typography.Text>
    </Flex>
  );
}

function LanguageSwitch() {
  const { i18n } = useTranslation();
  const isEnglish = i18n.language === 'en';
  return (
    <Button
      type="text"
      size="small"
      icon={<GlobalOutlined />}
      onClick={() => setLanguage(isEnglish ? 'zh-CN' : 'en')}
    >
      {isEnglish ? '中文' : 'English'}
    </Button>
  );
}

function DistrictSwitch() {
  const { session, switchDistrict } = useSession();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  if (!session?.district) return null;
  if (session.districts.length <= 1) return <Tag bordered={false}>{session.district.name}</Tag>;
  return (
    <Select
      size="small"
      value={session.district.id}
      loading={switchDistrict.isPending}
      options={session.districts.map((d) => ({ value: d.id, label: d.name }))}
      onChange={(districtId) =>
        switchDistrict.mutate(districtId, {
          onSuccess: (next) => {
            message.success(t('layout.districtSwitched', { name: next.district?.name ?? '' }));
            navigate('/');
          },
          onError: (error) => message.error(error.message),
        })
      }
      style={{ minWidth: 140 }}
      aria-label={t('layout.district')}
    />
  );
}

function UserMenu({ isMobile }: { isMobile: boolean }) {
  const { session, logout } = useSession();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  if (!session) return null;
  const items: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <div style={{ maxWidth: 260 }}>
          <div>{session.user.displayName}</div>
          <div className="gz-muted" style={{ fontSize: 12 }}>
            {session.positions.length > 0
              ? session.positions.map((p) => `${p.nodeName} ${p.label}`).join('、')
              : t('layout.noPosition')}
          </div>
        </div>
      ),
    },
    { type: 'divider' },
    ...(isMobile
      ? [
          {
            key: 'lang',
            icon: <GlobalOutlined />,
            label: i18n.language === 'en' ? '切换到中文' : 'Switch to English',
            onClick: () => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en'),
          },
        ]
      : []),
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: t('layout.logout'),
      onClick: () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) }),
    },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']} placement="bottomRight">
      <Button type="text" style={{ paddingInline: 6, height: 40 }} aria-label={t('layout.account')}>
        <Flex align="center" gap={8}>
          <Avatar size="small" style={{ background: brandColor }} icon={<UserOutlined />} />
          {!isMobile && <span>{session.user.displayName}</span>}
        </Flex>
      </Button>
    </Dropdown>
  );
}

/** Desktop: sidebar menu + header. Phones (< 768 px): compact header, bottom tab bar, menu drawer. */
export function AppLayout({ menu: groups }: { menu: MenuGroup[] }) {
  const { session, can } = useSession();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [isDrawerOpen, setDrawerOpen] = useState(false);
  const [isCollapsed, setCollapsed] = useState(false);

  useEffect(() => {
    setUnauthenticatedHandler(() => queryClient.setQueryData(sessionQueryKey, null));
    return () => setUnauthenticatedHandler(null);
  }, []);

  const routes = useMemo(() => groups.flatMap((g) => g.routes), [groups]);
  const isShown = useCallback((r: AppRoute) => !r.isHidden && can(r.permission), [can]);
  const visible = useMemo(() => routes.filter(isShown), [routes, isShown]);
  const selected = activeKey(pathname, routes);
  const itemOf = (r: AppRoute) => ({
    key: routeKey(r),
    icon: r.icon ?? <AppstoreOutlined />,
    label: t(r.label),
  });
  // A group with one visible page is that page; larger groups fold, the current page's group open.
  const menuItems: MenuProps['items'] = groups.flatMap((g) => {
    const shown = g.routes.filter(isShown);
    if (shown.length <= 1) return shown.map(itemOf);
    return [
      {
        key: g.key,
        label: t(g.label),
        icon: shown[0]!.icon ?? <AppstoreOutlined />,
        children: shown.map(itemOf),
      },
    ];
  });
  const currentGroup = groups.find((g) => g.routes.some((r) => selected === routeKey(r)))?.key;
  const [openGroups, setOpenGroups] = useState<string[]>(currentGroup ? [currentGroup] : []);
  useEffect(() => {
    if (currentGroup) setOpenGroups((open) => (open.includes(currentGroup) ? open : [...open, currentGroup]));
  }, [currentGroup]);
  const tabs = visible.filter((r) => r.isMobileNav).slice(0, MOBILE_TABS_MAX);
  const positions = session?.positions ?? [];

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      openKeys={isCollapsed ? undefined : openGroups}
      onOpenChange={setOpenGroups}
      items={menuItems}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const content = (
    <Suspense fallback={<LoadingBlock rows={8} />}>
      <Outlet />
    </Suspense>
  );

  if (isMobile) {
    return (
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            height: 48,
            lineHeight: '48px',
            padding: '0 8px 0 4px',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Flex align="center" justify="space-between" gap={4}>
            <Flex align="center" gap={2}>
              <Button
                type="text"
                icon={<MenuOutlined />}
                onClick={() => setDrawerOpen(true)}
                aria-label={t('layout.menu')}
              />
              <Brand compact />
            </Flex>
            <Flex align="center" gap={4}>
              <DistrictSwitch />
              <NotificationBell />
              <UserMenu isMobile />
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 12, paddingBottom: tabs.length > 0 ? 72 : 16 }}>
          {content}
        </Layout.Content>
        <Drawer
          placement="left"
          open={isDrawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={<Brand compact />}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
        {tabs.length > 0 && (
          <Suspense fallback={null}>
            <MobileTabBar tabs={tabs} activeKey={selected} />
          </Suspense>
        )}
      </Layout>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={220}
        collapsible
        collapsed={isCollapsed}
        onCollapse={setCollapsed}
        theme="light"
        style={{
          borderInlineEnd: '1px solid #f0f0f0',
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflow: 'auto',
        }}
      >
        {isCollapsed ? (
          <Flex justify="center" style={{ height: 64 }} align="center">
            <Avatar shape="square" style={{ background: brandColor, lineHeight: '32px' }}>
              共
            </Avatar>
          </Flex>
        ) : (
          <Brand />
        )}
        {menu}
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            padding: '0 24px',
            borderBottom: '1px solid #f0f0f0',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 16,
          }}
        >
          <Flex align="center" gap={6} style={{ minWidth: 0, overflow: 'hidden' }}>
            {positions.slice(0, 3).map((p) => (
              <Tag key={p.id} color="red" bordered={false} style={{ marginInlineEnd: 0 }}>
                {p.nodeName} · {p.label}
              </Tag>
            ))}
            {positions.length > 3 && <Tag bordered={false}>+{positions.length - 3}</Tag>}
          </Flex>
          <Flex align="center" gap={12}>
            <DistrictSwitch />
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu isMobile={false} />
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, maxWidth: 1440, width: '100%', margin: '0 auto' }}>
          {content}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
