import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { queryClient } from '../lib/query-client.ts';
import { useIsMobile } from '../lib/use-is-mobile.ts';

export const brandColor = '#c0392b';

/** Query cache, antd locale/theme and the antd App context (message, modal, notification hooks). */
export function Providers({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const isEnglish = i18n.language === 'en';
  const isMobile = useIsMobile();
  useEffect(() => {
    dayjs.locale(isEnglish ? 'en' : 'zh-cn');
    document.documentElement.lang = i18n.language;
    document.title = i18n.t('app.title');
  }, [isEnglish, i18n]);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={isEnglish ? enUS : zhCN}
        button={{ autoInsertSpace: false }}
        theme={{
          algorithm: theme.defaultAlgorithm,
          token: {
            colorPrimary: brandColor,
            colorLink: brandColor,
            borderRadius: 6,
            fontFamily:
              "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Segoe UI', Roboto, sans-serif",
          },
          components: {
            Layout: { headerBg: '#fff', siderBg: '#fff', bodyBg: '#f5f6f8' },
            // Phones get tighter cards so content, not padding, fills the 375 px width.
            Card: isMobile
              ? { bodyPadding: 14, headerPadding: 14, bodyPaddingSM: 12, headerPaddingSM: 12 }
              : {},
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
