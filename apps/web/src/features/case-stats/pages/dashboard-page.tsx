import { DownloadOutlined } from '@ant-design/icons';
import { type CaseDashboard, type CaseNodeStats, exportCaseLedger } from '@gongzhi/contract/case-stats';
import { Button, Card, Col, DatePicker, Flex, Row, Select, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, QueryState } from '../../../components/ui/query-state.tsx';
import { downloadUrl } from '../../../lib/api-client.ts';
import { businessToday } from '../../../lib/business-day.ts';
import { useCaseCategories, useCaseDashboard } from '../api/use-case-stats.ts';
import { CategoryChart, ChildrenChart, PieCard, TrendChart } from '../components/charts.tsx';

const MONTH = 'YYYY-MM';
const RATES = [
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
  'onTimeRate',
  'localRate',
  'replyRate',
  'reworkRate',
] as const;

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The filters live in the URL, so a drilled-down view can be bookmarked and the back button goes up. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const thisMonth = businessToday().format(MONTH);
  const filters = {
    nodeId: params.get('nodeId') ?? undefined,
    from: params.get('from') ?? dayjs(thisMonth).subtract(11, 'month').format(MONTH),
    to: params.get('to') ?? thisMonth,
    categoryCode: params.get('categoryCode') ?? undefined,
  };
  const update = (next: Partial<typeof filters>) => {
    const merged = { ...filters, ...next };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v) search.set(k, v);
    setParams(search);
  };
  return { filters, update };
}

function Figures({ stats }: { stats: CaseNodeStats }) {
  const { t } = useTranslation();
  const hours = (v: number | null) => (v === null ? t('caseStats.none') : t('caseStats.hours', { value: v }));
  const cards: [string, string | number][] = [
    [t('caseStats.received'), stats.received],
    [t('caseStats.open'), stats.open],
    [t('caseStats.openOverdue'), stats.openOverdue],
    [t('caseStats.compositeScore'), stats.compositeScore ?? t('caseStats.none')],
    ...RATES.map((r): [string, string] => [t(`caseStats.${r}`), pct(stats[r])]),
    [t('caseStats.avgHours'), hours(stats.avgHandlingHours)],
    [t('caseStats.p90Hours'), hours(stats.p90HandlingHours)],
  ];
  return (
    <Row gutter={[12, 12]}>
      {cards.map(([title, value]) => (
        <Col key={title} xs={12} sm={8} md={6} xl={4}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic title={title} value={value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function Dashboard({ data, onDrill }: { data: CaseDashboard; onDrill: (nodeId: string) => void }) {
  const { t } = useTranslation();
  const children = data.children.filter((c) => c.stats.received > 0 || c.hasChildren);
  return (
    <Flex vertical gap={16}>
      <Figures stats={data.totals} />
      <Typography.Text type="secondary">{t('caseStats.weights', data.weights)}</Typography.Text>
      {data.totals.received === 0 && <EmptyState description={t('caseStats.empty')} />}
      {children.length > 0 && (
        <Card size="small" title={t('caseStats.byChild')} extra={t('caseStats.drillHint')}>
          <ChildrenChart rows={children} onDrill={(c) => onDrill(c.id)} />
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('caseStats.trend')}>
            <TrendChart rows={data.trend} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('caseStats.byCategory')}>
            <CategoryChart rows={data.byCategory} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('caseStats.byChannel')}>
            <PieCard data={data.byChannel.map((c) => ({ name: c.label, value: c.count }))} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('caseStats.byUrgency')}>
            <PieCard data={data.byUrgency.map((c) => ({ name: c.label, value: c.count }))} />
          </Card>
        </Col>
      </Row>
      {data.children.length > 0 && (
        <Card size="small" title={t('caseStats.children')}>
          <Table
            rowKey="id"
            size="small"
            scroll={{ x: true }}
            dataSource={data.children}
            pagination={{ pageSize: 30, hideOnSinglePage: true }}
            columns={[
              {
                title: t('caseStats.name'),
                dataIndex: 'name',
                fixed: 'left',
                render: (name: string, r) => (
                  <Typography.Link onClick={() => onDrill(r.id)}>{name}</Typography.Link>
                ),
              },
              {
                title: t('caseStats.received'),
                align: 'right',
                sorter: (a, b) => a.stats.received - b.stats.received,
                render: (_, r) => r.stats.received,
              },
              {
                title: t('caseStats.compositeScore'),
                align: 'right',
                sorter: (a, b) => (a.stats.compositeScore ?? -1) - (b.stats.compositeScore ?? -1),
                render: (_, r) => r.stats.compositeScore ?? '—',
              },
              ...RATES.map((rate) => ({
                title: t(`caseStats.${rate}`),
                key: rate,
                align: 'right' as const,
                render: (_: unknown, r: CaseDashboard['children'][number]) => pct(r.stats[rate]),
              })),
              {
                title: t('caseStats.openOverdue'),
                align: 'right',
                render: (_, r) => r.stats.openOverdue,
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const { filters, update } = useFilters();
  const dashboard = useCaseDashboard(filters);
  const categories = useCaseCategories();
  const data = dashboard.data;
  const nodeId = data?.node.id;
  const crumbs = data
    ? [
        ...data.breadcrumb.map((n) => ({
          title: n.name,
          to: `?${new URLSearchParams({ ...withoutNode(filters), nodeId: n.id })}`,
        })),
        { title: data.node.name },
      ]
    : [];
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={data ? `${t('caseStats.title')} · ${data.node.name}` : t('caseStats.title')}
        subtitle={t('caseStats.subtitle')}
        crumbs={crumbs.length > 1 ? crumbs : undefined}
        extra={
          <Button
            icon={<DownloadOutlined />}
            disabled={!nodeId}
            href={
              nodeId
                ? downloadUrl(exportCaseLedger, {
                    query: { nodeId, from: filters.from, to: filters.to, categoryCode: filters.categoryCode },
                  })
                : undefined
            }
          >
            {t('caseStats.export')}
          </Button>
        }
      />
      <Flex gap={12} wrap align="center">
        <span>{t('caseStats.period')}</span>
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={[dayjs(filters.from), dayjs(filters.to)]}
          disabledDate={(d: Dayjs) => d.isAfter(businessToday(), 'month')}
          onChange={(range) => {
            if (range?.[0] && range[1]) update({ from: range[0].format(MONTH), to: range[1].format(MONTH) });
          }}
        />
        <Select
          style={{ minWidth: 180 }}
          allowClear
          placeholder={t('caseStats.allCategories')}
          value={filters.categoryCode}
          loading={categories.isLoading}
          options={(categories.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))}
          onChange={(v?: string) => update({ categoryCode: v })}
        />
      </Flex>
      <QueryState query={dashboard} rows={8}>
        {(d) => <Dashboard data={d} onDrill={(id) => update({ nodeId: id })} />}
      </QueryState>
    </Flex>
  );
}

function withoutNode(f: { from: string; to: string; categoryCode?: string | undefined }) {
  return { from: f.from, to: f.to, ...(f.categoryCode ? { categoryCode: f.categoryCode } : {}) };
}
