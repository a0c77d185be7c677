import { GlobalOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { brandColor } from '../../../app/providers.tsx';
import { setLanguage } from '../../../lib/i18n.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';

/** The frame of the pages shown before login (login, first-run setup): brand, language switch, one card. */
export function AuthShell({
  children,
  width = 400,
  subtitle,
}: {
  children: ReactNode;
  width?: number;
  subtitle?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <div
      style={{
        minHeight: '100vh',
        background: `linear-gradient(160deg, #fdf1ef 0%, #f5f6f8 45%, #eef2f7 100%)`,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        padding: isMobile ? '16px 12px 32px' : '32px 16px 48px',
      }}
    >
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: width }}>
        <Button
          type="text"
          size="small"
          icon={<GlobalOutlined />}
          onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}
        >
          {i18n.language === 'en' ? '中文' : 'English'}
        </Button>
      </Flex>
      <Flex vertical align="center" gap={8} style={{ margin: isMobile ? '16px 0 20px' : '40px 0 28px' }}>
        <div
          style={{
            width: 52,
            height: 52,
            borderRadius: 12,
            background: brandColor,
            color: '#fff',
            display: 'grid',
            placeItems: 'center',
            fontSize: 26,
            fontWeight: 700,
            boxShadow: '0 6px 16px rgba(192, 57, 43, 0.25)',
          }}
        >
          共
        </div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Text type="secondary">{subtitle ?? t('app.tagline')}</Typography.Text>
      </Flex>
      <Card
        style={{ width: '100%', maxWidth: width, boxShadow: '0 8px 24px rgba(15, 23, 42, 0.06)' }}
        styles={{ body: { padding: isMobile ? 20 : 28 } }}
      >
        {children}
      </Card>
    </div>
  );
}
