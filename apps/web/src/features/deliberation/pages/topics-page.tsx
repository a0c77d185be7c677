import type { TopicState, TopicSummary } from '@gongzhi/contract/deliberation';
import { Badge, Button, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, QueryState } from '../../../components/ui/query-state.tsx';
import { useTopics } from '../api/use-deliberation.ts';

/** Board columns: the flow of §5.2 in order; the final states share the last column. */
const COLUMNS: { key: string; states: TopicState[] }[] = [
  { key: 'PROPOSED', states: ['PROPOSED'] },
  { key: 'ACCEPTED_FOR_AGENDA', states: ['ACCEPTED_FOR_AGENDA', 'DEFERRED'] },
  { key: 'SCHEDULED', states: ['SCHEDULED'] },
  { key: 'DELIBERATED', states: ['DELIBERATED', 'DECIDED'] },
  { key: 'IMPLEMENTING', states: ['IMPLEMENTING'] },
  {
    key: 'FEEDBACK_PUBLISHED',
    states: ['FEEDBACK_PUBLISHED', 'ARCHIVED', 'REJECTED_WITH_REPLY', 'CONVERTED_TO_CASE'],
  },
];

function TopicCard({ topic }: { topic: TopicSummary }) {
  const { t } = useTranslation();
  return (
    <Link to={`/deliberation/topics/${topic.id}`}>
      <Card size="small" hoverable style={{ marginBottom: 8 }}>
        <Typography.Text strong>{topic.title}</Typography.Text>
        <Flex gap={4} wrap style={{ marginTop: 4 }}>
          <Tag>{t(`deliberation.state.${topic.state}`)}</Tag>
          {topic.mode && <Tag color="blue">{t(`deliberation.mode.${topic.mode}`)}</Tag>}
          <Tag color={topic.source === 'sub_council' ? 'magenta' : undefined}>
            {topic.sourceCouncilName ?? t(`deliberation.source.${topic.source}`)}
          </Tag>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('deliberation.board.proposer')}：{topic.proposerName}
          {topic.scheduledOn ? ` · ${t('deliberation.board.scheduled', { date: topic.scheduledOn })}` : ''}
        </Typography.Text>
      </Card>
    </Link>
  );
}

/** The topics board by stage: what waits for review, what is on the agenda, what is being carried out. */
export default function TopicsPage() {
  const { t } = useTranslation();
  const topics = useTopics();
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('deliberation.board.title')}
        subtitle={t('deliberation.board.subtitle')}
        extra={
          <Link to="/deliberation/propose">
            <Button type="primary">{t('deliberation.board.propose')}</Button>
          </Link>
        }
      />
      <QueryState query={topics}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState description={t('deliberation.board.empty')} />
          ) : (
            <Row gutter={[12, 12]} wrap>
              {COLUMNS.map((col) => {
                const items = data.items.filter((i) => col.states.includes(i.state));
                return (
                  <Col key={col.key} xs={24} sm={12} lg={8} xl={4}>
                    <Flex justify="space-between" style={{ marginBottom: 8 }}>
                      <Typography.Text strong>{t(`deliberation.state.${col.key}`)}</Typography.Text>
                      <Badge count={items.length} showZero color="#999" />
                    </Flex>
                    {items.map((topic) => (
                      <TopicCard key={topic.id} topic={topic} />
                    ))}
                  </Col>
                );
              })}
            </Row>
          )
        }
      </QueryState>
    </Flex>
  );
}
