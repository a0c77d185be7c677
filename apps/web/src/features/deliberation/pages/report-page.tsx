import { TOPIC_STATES, TopicModeSchema } from '@gongzhi/contract/deliberation';
import { Card, Col, Flex, InputNumber, Row, Select, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { QueryState } from '../../../components/ui/query-state.tsx';
import { businessToday } from '../../../lib/business-day.ts';
import { useCouncils, useDeliberationReport } from '../api/use-deliberation.ts';

/** A community's deliberation figures for a year, with the headline the annual summary quotes. */
export default function ReportPage() {
  const { t } = useTranslation();
  const councils = useCouncils();
  const communities = [
    ...new Map((councils.data?.items ?? []).map((c) => [c.communityId, c.communityName])).entries(),
  ];
  const [communityId, setCommunityId] = useState<string | undefined>();
  const [year, setYear] = useState(businessToday().year());
  const chosen = communityId ?? communities[0]?.[0];
  const report = useDeliberationReport(chosen, year);
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('deliberation.report.title')}
        extra={
          <>
            <Select
              style={{ width: 200 }}
              value={chosen}
              placeholder={t('deliberation.report.community')}
              options={communities.map(([id, name]) => ({ value: id, label: name }))}
              onChange={setCommunityId}
            />
            <InputNumber
              value={year}
              min={2000}
              max={2100}
              onChange={(v) => v && setYear(v)}
              addonAfter={t('deliberation.report.year')}
            />
          </>
        }
      />
      {chosen && (
        <QueryState query={report}>
          {(r) => (
            <Flex vertical gap={16}>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {r.communityName} · {r.headline}
              </Typography.Title>
              <Row gutter={[12, 12]}>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic title={t('deliberation.report.disputes')} value={r.disputesResolved} />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic
                      title={t('deliberation.report.avgDays')}
                      value={r.avgDaysToFeedback ?? t('deliberation.report.none')}
                    />
                  </Card>
                </Col>
                {TopicModeSchema.options.map((m) => (
                  <Col key={m} xs={12} md={3}>
                    <Card size="small">
                      <Statistic title={t(`deliberation.mode.${m}`)} value={r.disputesByMode[m]} />
                    </Card>
                  </Col>
                ))}
              </Row>
              <Row gutter={[12, 12]}>
                <Col xs={24} md={12}>
                  <Card size="small" title={t('deliberation.report.byState')}>
                    <Table
                      size="small"
                      pagination={false}
                      rowKey="state"
                      dataSource={TOPIC_STATES.map((s) => ({ state: s, count: r.byState[s] }))}
                      columns={[
                        { dataIndex: 'state', render: (s: string) => t(`deliberation.state.${s}`) },
                        { dataIndex: 'count', align: 'right' },
                      ]}
                    />
                  </Card>
                </Col>
                <Col xs={24} md={12}>
                  <Card size="small" title={t('deliberation.report.byMode')}>
                    <Table
                      size="small"
                      pagination={false}
                      rowKey="mode"
                      dataSource={TopicModeSchema.options.map((m) => ({ mode: m, count: r.byMode[m] }))}
                      columns={[
                        { dataIndex: 'mode', render: (m: string) => t(`deliberation.mode.${m}`) },
                        { dataIndex: 'count', align: 'right' },
                      ]}
                    />
                  </Card>
                </Col>
              </Row>
              <Card size="small" title={t('deliberation.report.list')}>
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={r.disputes}
                  columns={[
                    { title: t('deliberation.propose.topic'), dataIndex: 'title' },
                    {
                      title: t('deliberation.topic.mode'),
                      dataIndex: 'mode',
                      render: (m: string | null) => (m ? t(`deliberation.mode.${m}`) : '—'),
                    },
                    { title: t('deliberation.report.decidedOn'), dataIndex: 'decidedOn' },
                  ]}
                />
              </Card>
            </Flex>
          )}
        </QueryState>
      )}
    </Flex>
  );
}
