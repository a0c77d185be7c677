import type { TopicDetail } from '@gongzhi/contract/deliberation';
import { Alert, Button, Card, Flex, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useAddTopicAmendment } from '../api/use-deliberation.ts';

/** A decided topic's record is closed: corrections are listed under it, and 两委 append new ones. */
export function AmendmentsCard({ topic, canAmend }: { topic: TopicDetail; canAmend: boolean }) {
  const { t } = useTranslation();
  const add = useAddTopicAmendment(topic.id);
  const [corrects, setCorrects] = useState('');
  const [text, setText] = useState('');
  if (!topic.recordClosed) return null;
  return (
    <Card size="small" title={t('deliberation.topic.amendments')}>
      <Typography.Paragraph type="secondary">{t('deliberation.topic.recordClosed')}</Typography.Paragraph>
      {topic.amendments.length > 0 && (
        <List
          size="small"
          dataSource={topic.amendments}
          renderItem={(a) => (
            <List.Item key={a.id}>
              <List.Item.Meta
                title={t('deliberation.topic.amendmentLine', {
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
      {canAmend && (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          <Input
            placeholder={t('deliberation.topic.amendCorrects')}
            value={corrects}
            maxLength={100}
            onChange={(e) => setCorrects(e.target.value)}
          />
          <Input.TextArea
            placeholder={t('deliberation.topic.amendText')}
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
                { corrects, text },
                {
                  onSuccess: () => {
                    setCorrects('');
                    setText('');
                  },
                },
              )
            }
          >
            {t('deliberation.topic.amendSubmit')}
          </Button>
          {add.error && <Alert type="error" showIcon message={errorMessage(add.error)} />}
        </Flex>
      )}
    </Card>
  );
}
