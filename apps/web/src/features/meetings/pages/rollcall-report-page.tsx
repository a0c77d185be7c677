import { DownloadOutlined } from '@ant-design/icons';
import { type AttendanceRow, exportRollcallReport } from '@gongzhi/contract/meetings';
import { Button, DatePicker, Flex, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { QueryState } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { downloadUrl } from '../../../lib/api-client.ts';
import { businessToday } from '../../../lib/business-day.ts';
import { useRollcallReport } from '../api/use-meetings.ts';
import { useRotaParams } from '../components/use-rota-node.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * Roll-call attendance per 户长 over one or more months, for a village/community or rolled up over every
 * village/community of a 街道 or district; exportable as xlsx.
 */
export default function RollcallReportPage() {
  const { t } = useTranslation();
  const { nodeId, month, update } = useRotaParams();
  const [params] = useSearchParams();
  // `month` (shared with the rota page) is the start; `to` extends the period, never before the start.
  const to = [month, params.get('to') ?? month].sort()[1] ?? month;
  const period = { from: month, to };
  const query = useRollcallReport(nodeId ? { nodeId, ...period } : null);
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('nav.rollcallReport')}
        crumbs={[
          { title: t('rollcall.title'), to: `/meetings/rollcall?node=${nodeId ?? ''}&month=${month}` },
          { title: t('rollcall.report') },
        ]}
        extra={
          nodeId && (
            <Button
              icon={<DownloadOutlined />}
              href={downloadUrl(exportRollcallReport, { query: { nodeId, ...period } })}
            >
              {t('rollcall.export')}
            </Button>
          )
        }
      />
      <Flex gap={12} wrap align="center">
        <TerritoryNodeSelect
          value={nodeId}
          onChange={(id) => update({ node: id })}
          allowClear={false}
          style={{ width: 260 }}
        />
        <span>{t('rollcall.period')}</span>
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={[dayjs(`${period.from}-01`), dayjs(`${period.to}-01`)]}
          disabledDate={(d: Dayjs) => d.isAfter(businessToday().add(1, 'month'), 'month')}
          onChange={(range) => {
            if (range?.[0] && range[1]) {
              update({ month: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM') });
            }
          }}
        />
      </Flex>
      {nodeId && (
        <QueryState query={query}>
          {(report) => (
            <Table
              rowKey={(r) => `${r.nodeId}/${r.positionId}`}
              dataSource={report.rows}
              pagination={report.rows.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
              scroll={{ x: 720 }}
              locale={{ emptyText: t('rollcall.reportEmpty') }}
              columns={[
                ...(new Set(report.rows.map((r) => r.nodeId)).size > 1
                  ? [{ title: t('rollcall.node'), dataIndex: 'nodeName' }]
                  : []),
                { title: t('rollcall.chief'), dataIndex: 'chiefName' },
                { title: t('rollcall.duties'), dataIndex: 'duties' },
                { title: t('rollcall.attended'), dataIndex: 'attended' },
                { title: t('rollcall.absent'), dataIndex: 'absent' },
                { title: t('rollcall.substituted'), dataIndex: 'substituted' },
                { title: t('rollcall.covered'), dataIndex: 'covered' },
                {
                  title: t('rollcall.rate'),
                  dataIndex: 'rate',
                  render: (v: AttendanceRow['rate']) => pct(v),
                },
              ]}
            />
          )}
        </QueryState>
      )}
    </Flex>
  );
}
