import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useUnreadCount } from '../api/use-notifications.ts';

/** Header bell with the unread count; opens the inbox. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const count = useUnreadCount().data?.unreadCount ?? 0;
  return (
    <Button
      type="text"
      onClick={() => navigate('/notifications')}
      aria-label={count > 0 ? t('notifications.bellWithCount', { count }) : t('notifications.bell')}
      style={{ paddingInline: 8, height: 40 }}
    >
      <Badge count={count} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
}
