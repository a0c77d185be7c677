import { DownloadOutlined } from '@ant-design/icons';
import { type AttendanceRow, exportRollcallReport } from '@gongzhi/contract/meetings';
import { Button, DatePicker, Flex, Table } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { QueryState } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { downloadUrl } from '../../../lib/api-client.ts';
import { useRollcallReport } from '../api/use-meetings.ts';
import { useRotaParams } from '../components/use-rota-node.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Monthly roll-call attendance per 户长, exportable as xlsx. */
export default function RollcallReportPage() {
  const { t } = useTranslation();
  const { nodeId, month, update } = useRotaParams();
  const query = useRollcallReport(nodeId ? { nodeId, month } : null);
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
              href={downloadUrl(exportRollcallReport, { query: { nodeId, month } })}
            >
              {t('rollcall.export')}
            </Button>
          )
        }
      />
      <Flex gap={12} wrap>
        <TerritoryNodeSelect
          value={nodeId}
          onChange={(id) => update({ node: id })}
          allowClear={false}
          style={{ width: 260 }}
        />
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && update({ month: d.format('YYYY-MM') })}
        />
      </Flex>
      {nodeId && (
        <QueryState query={query}>
          {(report) => (
            <Table
              rowKey="positionId"
              dataSource={report.rows}
              pagination={false}
              scroll={{ x: 640 }}
              columns={[
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
