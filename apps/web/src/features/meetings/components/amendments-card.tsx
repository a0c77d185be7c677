import type { MeetingDetail } from '@gongzhi/contract/meetings';
import { App, Button, Card, Flex, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddMeetingAmendment } from '../api/use-meetings.ts';

/** A closed meeting's record is final: corrections are listed with author and time, and managers append new ones. */
export function AmendmentsCard({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddMeetingAmendment();
  const [corrects, setCorrects] = useState('');
  const [text, setText] = useState('');
  if (!meeting.closedAt) return null;
  return (
    <Card title={t('meetings.detail.amendments')}>
      <Typography.Paragraph type="secondary">{t('meetings.detail.closed')}</Typography.Paragraph>
      {meeting.amendments.length > 0 && (
        <List
          size="small"
          dataSource={meeting.amendments}
          renderItem={(a) => (
            <List.Item key={a.id}>
              <List.Item.Meta
                title={t('meetings.detail.amendmentLine', {
                  author: a.authorName,
                  at: new Date(a.createdAt).toLocaleString('zh-CN'),
                  corrects: a.corrects,
                })}
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{a.text}</span>}
              />
            </List.Item>
          )}
        />
      )}
      {meeting.canManage && (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          <Input
            placeholder={t('meetings.detail.amendCorrects')}
            value={corrects}
            maxLength={100}
            onChange={(e) => setCorrects(e.target.value)}
          />
          <Input.TextArea
            placeholder={t('meetings.detail.amendText')}
            value={text}
            maxLength={2000}
            rows={3}
            onChange={(e) => setText(e.target.value)}
          />
          <Button
            type="primary"
            loading={add.isPending}
            disabled={!corrects.trim() || !text.trim()}
            onClick={() =>
              add.mutate(
                { id: meeting.id, corrects, text },
                {
                  onSuccess: () => {
                    setCorrects('');
                    setText('');
                  },
                  onError: (e) => message.error(e.message),
                },
              )
            }
          >
            {t('meetings.detail.amendSubmit')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
