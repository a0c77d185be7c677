import type { Amendment } from '@gongzhi/contract/deliberation';
import { Alert, Button, Card, Flex, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { errorMessage } from './query-state.tsx';

interface AddAmendment {
  mutate: (body: { corrects: string; text: string }, options: { onSuccess: () => void }) => void;
  isPending: boolean;
  error: unknown;
}

/**
 * A closed record (a decided topic, a closed meeting) is append-only: corrections are listed with author and
 * time, and those who may append new ones get the form. `keyPrefix` holds the amendments, amendmentLine,
 * amendCorrects, amendText and amendSubmit strings.
 */
export function AmendmentsCard({
  keyPrefix,
  closedHint,
  amendments,
  canAmend,
  add,
}: {
  keyPrefix: string;
  closedHint: string;
  amendments: Amendment[];
  canAmend: boolean;
  add: AddAmendment;
}) {
  const { t } = useTranslation();
  const [corrects, setCorrects] = useState('');
  const [text, setText] = useState('');
  return (
    <Card size="small" title={t(`${keyPrefix}.amendments`)}>
      <Typography.Paragraph type="secondary">{closedHint}</Typography.Paragraph>
      {amendments.length > 0 && (
        <List
          size="small"
          dataSource={amendments}
          renderItem={(a) => (
            <List.Item key={a.id}>
              <List.Item.Meta
                title={t(`${keyPrefix}.amendmentLine`, {
                  author: a.authorName,
                  at: formatDateTime(a.createdAt),
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
            placeholder={t(`${keyPrefix}.amendCorrects`)}
            value={corrects}
            maxLength={100}
            onChange={(e) => setCorrects(e.target.value)}
          />
          <Input.TextArea
            placeholder={t(`${keyPrefix}.amendText`)}
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
            {t(`${keyPrefix}.amendSubmit`)}
          </Button>
          {Boolean(add.error) && <Alert type="error" showIcon title={errorMessage(add.error)} />}
        </Flex>
      )}
    </Card>
  );
}
