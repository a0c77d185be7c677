import { App, Button, Flex, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevokeCalendarToken, useRotateCalendarToken } from '../api/use-meetings.ts';

/** Creates (or replaces) the caller's iCalendar feed address; the server keeps only its hash, so it shows once. */
export function CalendarSubscription({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rotate = useRotateCalendarToken();
  const revoke = useRevokeCalendarToken();
  const [url, setUrl] = useState<string | null>(null);
  return (
    <Modal open={open} title={t('meetings.subscribe')} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('meetings.subscribeHint')}</Typography.Paragraph>
      {url && (
        <Flex gap={8} style={{ marginBottom: 12 }}>
          <Input readOnly value={url} />
          <Button
            onClick={() => {
              void navigator.clipboard?.writeText(url).then(() => message.success(t('meetings.copied')));
            }}
          >
            {t('meetings.copy')}
          </Button>
        </Flex>
      )}
      <Flex gap={8}>
        <Button
          type="primary"
          loading={rotate.isPending}
          onClick={() =>
            rotate.mutate(undefined, {
              onSuccess: (r) => setUrl(`${window.location.origin}${r.url}`),
              onError: (e) => message.error(e.message),
            })
          }
        >
          {t('meetings.rotate')}
        </Button>
        <Button
          danger
          loading={revoke.isPending}
          onClick={() =>
            revoke.mutate(undefined, {
              onSuccess: () => setUrl(null),
              onError: (e) => message.error(e.message),
            })
          }
        >
          {t('meetings.revoke')}
        </Button>
      </Flex>
    </Modal>
  );
}
