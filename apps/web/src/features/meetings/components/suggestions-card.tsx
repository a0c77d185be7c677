import type { MeetingDetail, Suggestion } from '@gongzhi/contract/meetings';
import { App, Button, Card, Flex, Input, Modal, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../../lib/session.ts';
import { useCompleteFeedback, useRaiseTopic, useReplySuggestion } from '../api/use-meetings.ts';

/** 件件有回复: each suggestion's owner, due date and reply; 反馈完成 only once all have replies. */
export function SuggestionsCard({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { session } = useSession();
  const reply = useReplySuggestion();
  const complete = useCompleteFeedback();
  const raise = useRaiseTopic();
  const [replying, setReplying] = useState<Suggestion | null>(null);
  const [text, setText] = useState('');
  const isAllReplied = meeting.repliedCount === meeting.suggestionCount;
  const userId = session?.user.id;

  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('meetings.detail.suggestions')}</span>
          <Tag color={isAllReplied ? 'green' : 'orange'}>
            {t('meetings.detail.replyRate', {
              replied: meeting.repliedCount,
              total: meeting.suggestionCount,
            })}
          </Tag>
          {meeting.feedbackCompleted && <Tag color="green">{t('meetings.feedbackDone')}</Tag>}
        </Flex>
      }
      extra={
        meeting.canManage &&
        !meeting.feedbackCompleted && (
          <Tooltip
            title={
              isAllReplied
                ? undefined
                : t('meetings.detail.replyRate', {
                    replied: meeting.repliedCount,
                    total: meeting.suggestionCount,
                  })
            }
          >
            <Button
              type="primary"
              disabled={!isAllReplied}
              loading={complete.isPending}
              onClick={() => complete.mutate(meeting.id, { onError: (e) => message.error(e.message) })}
            >
              {t('meetings.detail.completeFeedback')}
            </Button>
          </Tooltip>
        )
      }
    >
      <Table
        rowKey="id"
        size="small"
        dataSource={meeting.suggestions}
        pagination={false}
        scroll={{ x: 720 }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 48 },
          { title: t('meetings.detail.content'), dataIndex: 'content' },
          { title: t('meetings.detail.raisedBy'), dataIndex: 'raisedBy', width: 100 },
          { title: t('meetings.detail.owner'), dataIndex: 'ownerName', width: 100 },
          { title: t('meetings.detail.dueOn'), dataIndex: 'dueOn', width: 110 },
          {
            title: t('meetings.detail.reply'),
            key: 'reply',
            render: (_: unknown, s: Suggestion) => (
              <Flex vertical gap={4}>
                {s.reply ? (
                  <Typography.Text>{s.reply}</Typography.Text>
                ) : (
                  <Tag color={s.isOverdue ? 'red' : 'orange'}>
                    {s.isOverdue ? t('meetings.detail.overdue') : t('meetings.detail.pending')}
                  </Tag>
                )}
                {!meeting.feedbackCompleted && (meeting.canManage || s.ownerUserId === userId) && (
                  <Button
                    size="small"
                    onClick={() => {
                      setReplying(s);
                      setText(s.reply ?? '');
                    }}
                  >
                    {t('meetings.detail.reply')}
                  </Button>
                )}
                {s.topicId ? (
                  <Link to={`/deliberation/topics/${s.topicId}`}>{t('meetings.detail.viewTopic')}</Link>
                ) : (
                  !meeting.feedbackCompleted &&
                  (meeting.canManage || s.ownerUserId === userId) && (
                    <Popconfirm
                      title={t('meetings.detail.raiseTopicConfirm')}
                      onConfirm={() => raise.mutate(s.id, { onError: (e) => message.error(e.message) })}
                    >
                      <Button size="small" loading={raise.isPending && raise.variables === s.id}>
                        {t('meetings.detail.raiseTopic')}
                      </Button>
                    </Popconfirm>
                  )
                )}
              </Flex>
            ),
          },
        ]}
      />
      <Modal
        open={replying !== null}
        title={replying?.content}
        onCancel={() => setReplying(null)}
        confirmLoading={reply.isPending}
        onOk={() =>
          replying &&
          reply.mutate(
            { id: replying.id, reply: text },
            { onSuccess: () => setReplying(null), onError: (e) => message.error(e.message) },
          )
        }
      >
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
      </Modal>
    </Card>
  );
}
