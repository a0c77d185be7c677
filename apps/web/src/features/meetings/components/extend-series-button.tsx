import type { MeetingDetail } from '@gongzhi/contract/meetings';
import { App, Button, DatePicker, Flex, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { businessToday } from '../../../lib/business-day.ts';
import { useExtendSeries } from '../api/use-meetings.ts';

/** 续排: continues a recurring meeting by its rule up to a new end date, then opens the first new meeting. */
export function ExtendSeriesButton({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const extend = useExtendSeries();
  const [isOpen, setIsOpen] = useState(false);
  const [until, setUntil] = useState<Dayjs | null>(null);
  if (!meeting.seriesId || !meeting.recurrence) return null;

  return (
    <>
      <Button onClick={() => setIsOpen(true)}>{t('meetings.extend.button')}</Button>
      <Modal
        open={isOpen}
        title={t('meetings.extend.title')}
        okText={t('meetings.extend.ok')}
        okButtonProps={{ disabled: !until }}
        confirmLoading={extend.isPending}
        onCancel={() => setIsOpen(false)}
        onOk={() =>
          until &&
          extend.mutate(
            { id: meeting.id, until: until.format('YYYY-MM-DD') },
            {
              onSuccess: (r) => {
                setIsOpen(false);
                message.success(t('meetings.extend.done', { count: r.items.length }));
                if (r.items[0]) navigate(`/meetings/${r.items[0].id}`);
              },
              onError: (e) => message.error(e.message),
            },
          )
        }
      >
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {t('meetings.extend.hint', { until: meeting.recurrence.until })}
          </Typography.Text>
          <DatePicker
            value={until}
            onChange={setUntil}
            placeholder={t('meetings.extend.until')}
            disabledDate={(d: Dayjs) => d.isBefore(businessToday(), 'day')}
            style={{ width: 220 }}
          />
        </Flex>
      </Modal>
    </>
  );
}
