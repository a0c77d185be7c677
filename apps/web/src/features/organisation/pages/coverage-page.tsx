import type { CoverageReport, LinkerKind } from '@gongzhi/contract/organisation';
import { Card, Col, Flex, Progress, Row, Segmented, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, QueryState } from '../../../components/ui/query-state.tsx';
import { useChildCoverages, useCoverage } from '../api/use-coverage.ts';
import { useChildNodes } from '../api/use-territory.ts';
import { type ChildCoverage, CoverageChart } from '../components/coverage-chart.tsx';
import { NodeField, useNodeParam } from '../components/node-param.tsx';
import { percent } from '../components/percent.ts';

const KINDS: LinkerKind[] = ['neighbour_chief', 'household_chief', 'group_chief', 'party_linker'];
const MAX_CHART_CHILDREN = 30;

function ChildChart({ nodeId, kind }: { nodeId: string; kind: LinkerKind }) {
  const { t } = useTranslation();
  const children = useChildNodes(nodeId);
  const withHouseholds = (children.data?.items ?? [])
    .filter((c) => c.counts.households > 0)
    .slice(0, MAX_CHART_CHILDREN);
  const results = useChildCoverages(
    withHouseholds.map((c) => c.id),
    kind,
  );
  const rows: ChildCoverage[] = withHouseholds.flatMap((c, i) => {
    const data = results[i]?.data;
    return data
      ? [
          {
            name: c.name,
            percentage: data.percentage,
            linked: data.linkedHouseholds,
            total: data.activeHouseholds,
          },
        ]
      : [];
  });
  if (withHouseholds.length < 2 || rows.length === 0) return null;
  return (
    <Card size="small" title={t('org.coverage.byChild')}>
      <CoverageChart rows={rows} />
    </Card>
  );
}

function Report({ report, nodeId }: { report: CoverageReport; nodeId: string }) {
  const { t } = useTranslation();
  const isFull = report.activeHouseholds > 0 && report.linkedHouseholds === report.activeHouseholds;
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card size="small" style={{ height: '100%' }}>
            <Flex align="center" gap={20} wrap>
              <Progress
                type="dashboard"
                percent={report.percentage}
                format={() => ''}
                strokeColor={isFull ? '#52c41a' : '#c0392b'}
                size={110}
              />
              <div data-testid="coverage-percentage">
                <div
                  style={{
                    fontSize: 40,
                    fontWeight: 700,
                    lineHeight: 1.1,
                    color: isFull ? '#389e0d' : undefined,
                  }}
                >
                  {t('org.coverage.rateValue', { value: percent(report.percentage) })}
                </div>
                <Typography.Text>
                  {t('org.coverage.linkedOf', {
                    linked: report.linkedHouseholds,
                    total: report.activeHouseholds,
                  })}
                </Typography.Text>
              </div>
            </Flex>
          </Card>
        </Col>
        <Col xs={8} md={4}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('org.coverage.unlinked')}
              value={report.unlinkedCount}
              styles={{ content: { color: report.unlinkedCount > 0 ? '#c0392b' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={8} md={5}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('org.coverage.outsideSpan')}
              value={report.chiefsOutsideSpan.length}
              styles={{ content: { color: report.chiefsOutsideSpan.length > 0 ? '#d46b08' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={8} md={5}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('org.coverage.linkedTwice')}
              value={report.linkedTwice.length}
              styles={{ content: { color: report.linkedTwice.length > 0 ? '#d46b08' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      {report.byKind.length > 0 && (
        <Card size="small" title={t('org.coverage.byKind')}>
          <Row gutter={[16, 12]}>
            {report.byKind.map((k) => (
              <Col key={k.kind} xs={12} md={6}>
                <Typography.Text type="secondary">
                  {k.kindLabel}（{t('org.coverage.chiefs', { count: k.chiefCount })}）
                </Typography.Text>
                <Progress percent={k.percentage} format={(p) => percent(p ?? 0)} />
                <Typography.Text className="gz-muted">
                  {t('org.coverage.linkedOf', { linked: k.linkedHouseholds, total: k.activeHouseholds })}
                </Typography.Text>
              </Col>
            ))}
          </Row>
        </Card>
      )}
      <ChildChart nodeId={nodeId} kind={report.kind} />
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'unlinked',
              label: `${t('org.coverage.unlinked')} (${report.unlinkedCount})`,
              children:
                report.unlinked.length === 0 ? (
                  <EmptyState description={t('org.coverage.noneUnlinked')} />
                ) : (
                  <>
                    <Table
                      rowKey="householdId"
                      size="small"
                      dataSource={report.unlinked}
                      pagination={{ pageSize: 20, hideOnSinglePage: true }}
                      columns={[
                        {
                          title: t('org.household.no'),
                          dataIndex: 'householdNo',
                          render: (v: string) => <span className="gz-mono">{v}</span>,
                        },
                        { title: t('org.household.address'), dataIndex: 'address' },
                      ]}
                    />
                    {report.unlinkedCount > report.unlinked.length && (
                      <Typography.Text type="secondary">
                        {t('org.coverage.firstN', {
                          shown: report.unlinked.length,
                          total: report.unlinkedCount,
                        })}
                      </Typography.Text>
                    )}
                  </>
                ),
            },
            {
              key: 'span',
              label: `${t('org.coverage.outsideSpan')} (${report.chiefsOutsideSpan.length})`,
              children:
                report.chiefsOutsideSpan.length === 0 ? (
                  <EmptyState description={t('org.coverage.noneOutside')} />
                ) : (
                  <Table
                    rowKey="positionId"
                    size="small"
                    dataSource={report.chiefsOutsideSpan}
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    columns={[
                      {
                        title: t('org.positions.holderName'),
                        dataIndex: 'holderName',
                        render: (v: string, r) => (
                          <Link to={`/organisation/positions/${r.positionId}`}>{v}</Link>
                        ),
                      },
                      { title: t('org.positions.households'), dataIndex: 'householdCount', align: 'right' },
                      {
                        title: t('org.coverage.range'),
                        key: 'range',
                        render: (_, r) => `${r.minHouseholds ?? '—'} – ${r.maxHouseholds ?? '—'}`,
                      },
                      {
                        title: t('org.coverage.status'),
                        dataIndex: 'status',
                        render: (v: 'below' | 'above') => (
                          <Tag color="warning" bordered={false}>
                            {t(`org.coverage.${v}`)}
                          </Tag>
                        ),
                      },
                    ]}
                  />
                ),
            },
            {
              key: 'twice',
              label: `${t('org.coverage.linkedTwice')} (${report.linkedTwice.length})`,
              children:
                report.linkedTwice.length === 0 ? (
                  <EmptyState description={t('org.coverage.noneTwice')} />
                ) : (
                  <Table
                    rowKey="householdId"
                    size="small"
                    dataSource={report.linkedTwice}
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    columns={[
                      {
                        title: t('org.household.no'),
                        dataIndex: 'householdNo',
                        render: (v: string) => <span className="gz-mono">{v}</span>,
                      },
                      { title: t('org.household.address'), dataIndex: 'address' },
                      {
                        title: t('org.coverage.chiefsCol'),
                        key: 'positions',
                        render: (_, r) => (
                          <Flex gap={4} wrap>
                            {r.positions.map((p) => (
                              <Link key={p.positionId} to={`/organisation/positions/${p.positionId}`}>
                                {p.holderName}
                              </Link>
                            ))}
                          </Flex>
                        ),
                      },
                    ]}
                  />
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}

/** 联户覆盖: how many households have a chief of the chosen kind, and where the gaps are (AS-12). */
export default function CoveragePage() {
  const { t } = useTranslation();
  const [nodeId, setNodeId] = useNodeParam();
  const [kind, setKind] = useState<LinkerKind>('neighbour_chief');
  const query = useCoverage(nodeId, kind);
  const options = useMemo(() => KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) })), [t]);
  return (
    <div className="gz-page">
      <PageHeader title={t('org.coverage.title')} subtitle={t('org.coverage.subtitle')} />
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <NodeField value={nodeId} onChange={setNodeId} />
          <Segmented<LinkerKind> value={kind} onChange={setKind} options={options} />
        </Flex>
      </Card>
      {nodeId && (
        <QueryState query={query}>{(report) => <Report report={report} nodeId={nodeId} />}</QueryState>
      )}
    </div>
  );
}
