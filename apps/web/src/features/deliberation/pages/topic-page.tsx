import type { TopicAction, TopicDetail } from '@gongzhi/contract/deliberation';
import { Alert, Button, Card, Descriptions, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { errorMessage, QueryState } from '../../../components/ui/query-state.tsx';
import { useCompleteItem, useTopic } from '../api/use-deliberation.ts';
import { TopicActionModal } from '../components/action-modal.tsx';
import { AmendmentsCard } from '../components/amendments-card.tsx';
import { VotePanel } from '../components/vote-panel.tsx';

function Decision({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const d = topic.decision;
  if (!d) return null;
  return (
    <Card size="small" title={t('deliberation.topic.decision')}>
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <Tag>
          {d.outcomeKind === 'vote' ? t('deliberation.topic.vote') : t('deliberation.topic.consensus')}
        </Tag>
        <Tag>{t('deliberation.topic.presentOf', { present: d.presentCount, total: d.memberCount })}</Tag>
        <Tag color={d.quorumMet ? 'green' : 'red'}>
          {d.quorumMet ? t('deliberation.topic.quorumMet') : t('deliberation.topic.quorumNotMet')}
        </Tag>
        {d.outcomeKind === 'vote' && (
          <Tag>
            {t('deliberation.topic.votes', {
              for: d.votesFor,
              against: d.votesAgainst,
              abstain: d.votesAbstain,
            })}
          </Tag>
        )}
        <Tag color={d.passed ? 'green' : 'orange'}>
          {d.passed ? t('deliberation.topic.passed') : t('deliberation.topic.notPassed')}
        </Tag>
        {d.caseOutcome && <Tag color="blue">{t(`deliberation.topic.caseOutcome.${d.caseOutcome}`)}</Tag>}
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.text}</Typography.Paragraph>
    </Card>
  );
}

function Items({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const complete = useCompleteItem(topic.id);
  const canMark = topic.state === 'IMPLEMENTING' && topic.allowedActions.includes('publish');
  if (topic.items.length === 0) return null;
  return (
    <Card size="small" title={t('deliberation.topic.items')}>
      {complete.error && <Alert type="error" showIcon message={errorMessage(complete.error)} />}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={topic.items}
        columns={[
          { title: t('deliberation.topic.items'), dataIndex: 'description' },
          { title: t('deliberation.topic.implementer'), dataIndex: 'implementer' },
          { title: t('deliberation.topic.deadline'), dataIndex: 'deadline' },
          {
            title: t('deliberation.topic.done'),
            key: 'done',
            render: (_, item) =>
              item.doneAt ? (
                <Tag color="green">{t('deliberation.topic.done')}</Tag>
              ) : canMark ? (
                <Button size="small" onClick={() => complete.mutate({ itemId: item.id })}>
                  {t('deliberation.topic.markDone')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function TopicView({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<TopicAction | null>(null);
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={topic.title}
        crumbs={[{ title: t('deliberation.topic.back'), to: '/deliberation/topics' }, { title: topic.title }]}
        subtitle={<Tag>{t(`deliberation.state.${topic.state}`)}</Tag>}
      />
      <Card size="small">
        <Flex gap={8} wrap>
          {topic.allowedActions.map((a) => (
            <Button
              key={a}
              type={a === 'reject' || a === 'defer' ? 'default' : 'primary'}
              onClick={() => setAction(a)}
            >
              {t(`deliberation.action.${a}`)}
            </Button>
          ))}
          {topic.allowedActions.length === 0 && (
            <Typography.Text type="secondary">{t('deliberation.topic.noActions')}</Typography.Text>
          )}
        </Flex>
      </Card>
      {topic.mode === 'online' && topic.state === 'SCHEDULED' && <VotePanel topic={topic} />}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('deliberation.topic.description')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{topic.description}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('deliberation.topic.source')}>
          {topic.sourceCouncilName ?? t(`deliberation.source.${topic.source}`)} · {topic.proposerName}
        </Descriptions.Item>
        <Descriptions.Item label={t('deliberation.topic.node')}>{topic.nodeName}</Descriptions.Item>
        {topic.caseId && (
          <Descriptions.Item label={t('deliberation.topic.linkedCase')}>
            <Link to={`/cases/${topic.caseId}`}>{topic.caseId.slice(0, 8)}</Link>
          </Descriptions.Item>
        )}
        {topic.convertedCaseId && (
          <Descriptions.Item label={t('deliberation.topic.convertedCase')}>
            <Link to={`/cases/${topic.convertedCaseId}`}>{topic.convertedCaseId.slice(0, 8)}</Link>
          </Descriptions.Item>
        )}
        {topic.reply && (
          <Descriptions.Item label={t('deliberation.topic.reply')}>{topic.reply}</Descriptions.Item>
        )}
        {topic.councilName && (
          <Descriptions.Item label={t('deliberation.topic.council')}>{topic.councilName}</Descriptions.Item>
        )}
        {topic.scheduledOn && (
          <Descriptions.Item label={t('deliberation.topic.agenda')}>
            {topic.scheduledOn} · {topic.mode ? t(`deliberation.mode.${topic.mode}`) : ''}
          </Descriptions.Item>
        )}
        {topic.holidayConflict && (
          <Descriptions.Item label={t('deliberation.topic.conflict')}>
            <Typography.Text type="warning">{topic.holidayConflict}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {topic.attendance.length > 0 && (
        <Card size="small" title={t('deliberation.topic.record')}>
          {topic.deliberationNote && <Typography.Paragraph>{topic.deliberationNote}</Typography.Paragraph>}
          <Table
            size="small"
            rowKey="memberId"
            pagination={false}
            dataSource={topic.attendance}
            columns={[
              { title: t('deliberation.councils.memberName'), dataIndex: 'name' },
              {
                title: t('deliberation.councils.memberParty'),
                dataIndex: 'party',
                render: (p: string) => t(`deliberation.party.${p}`),
              },
              {
                title: t('deliberation.topic.attendance'),
                dataIndex: 'present',
                render: (p: boolean) =>
                  p ? (
                    <Tag color="green">{t('deliberation.topic.present')}</Tag>
                  ) : (
                    <Tag>{t('deliberation.topic.absent')}</Tag>
                  ),
              },
              { title: t('deliberation.topic.position'), dataIndex: 'position' },
            ]}
          />
        </Card>
      )}
      <Decision topic={topic} />
      <AmendmentsCard topic={topic} canAmend={topic.allowedActions.length > 0} />
      <Items topic={topic} />
      {topic.feedback && (
        <Card size="small" title={t('deliberation.topic.feedback')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {topic.feedback}
          </Typography.Paragraph>
        </Card>
      )}
      <TopicActionModal topic={topic} action={action} onClose={() => setAction(null)} />
    </Flex>
  );
}

/** One topic: its agenda, record, decision, items and published result, with the steps the caller may take. */
export default function TopicPage() {
  const { topicId } = useParams();
  const topic = useTopic(topicId);
  return <QueryState query={topic}>{(data) => <TopicView topic={data} />}</QueryState>;
}
