import { AppstoreOutlined } from '@ant-design/icons';
import { TabBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { AppRoute } from './app-route.ts';

/** The phone's bottom tab bar (antd-mobile, loaded only on small screens). */
export default function MobileTabBar({
  tabs,
  activeKey,
}: {
  tabs: AppRoute[];
  activeKey: string | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div
      style={{
        position: 'fixed',
        left: 0,
        right: 0,
        bottom: 0,
        zIndex: 10,
        background: '#fff',
        borderTop: '1px solid #f0f0f0',
        paddingBottom: 'env(safe-area-inset-bottom)',
      }}
    >
      <TabBar activeKey={activeKey ?? null} onChange={(key) => navigate(key)} safeArea={false}>
        {tabs.map((r) => (
          <TabBar.Item key={`/${r.path}`} icon={r.icon ?? <AppstoreOutlined />} title={t(r.label)} />
        ))}
      </TabBar>
    </div>
  );
}
