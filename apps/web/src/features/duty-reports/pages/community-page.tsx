import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { DUTY_STATE_LABELS, type DutyReport, exportDutyRanking } from '@gongzhi/contract/duty-reports';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, QueryState } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { downloadUrl } from '../../../lib/api-client.ts';
import { businessToday } from '../../../lib/business-day.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import {
  useCommunityDutyReports,
  useDutyRanking,
  useDutySetting,
  useDutyStats,
  useEvaluateDutyReport,
  useRecordOralDutyReport,
  useUpdateDutySetting,
} from '../api/use-duty-reports.ts';

type Kind = 'month' | 'year';
const STATE_COLORS = {
  DUE: 'orange',
  SUBMITTED: 'blue',
  EVALUATED: 'green',
  ACKNOWLEDGED: 'default',
} as const;
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Records an oral report or a grade for one row; which one is given by `mode`. */
function ActionModal({
  report,
  mode,
  grades,
  onClose,
}: {
  report: DutyReport;
  mode: 'oral' | 'grade';
  grades: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const oral = useRecordOralDutyReport();
  const grade = useEvaluateDutyReport();
  const [error, setError] = useState<string | null>(null);
  const done = () => {
    message.success(t('duty.ok'));
    onClose();
  };
  const failed = (e: unknown) => setError(applyApiErrors(form, e));
  const submit = (values: { content?: string; grade?: string; comment?: string }) => {
    if (mode === 'oral')
      oral.mutate(
        {
          positionId: report.positionId,
          periodKind: report.periodKind,
          period: report.period,
          content: values.content ?? '',
        },
        { onSuccess: done, onError: failed },
      );
    else
      grade.mutate(
        { id: report.id!, grade: values.grade ?? '', comment: values.comment },
        { onSuccess: done, onError: failed },
      );
  };
  return (
    <Modal
      open
      title={`${mode === 'oral' ? t('duty.recordOral') : t('duty.evaluate')} · ${report.holderName} · ${report.period}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={oral.isPending || grade.isPending}
      destroyOnHidden
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {mode === 'grade' && report.content && (
        <Typography.Paragraph type="secondary">{report.content}</Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ grade: report.grade ?? undefined }}
      >
        {mode === 'oral' ? (
          <Form.Item name="content" label={t('duty.oralSummary')} rules={[{ required: true }]}>
            <Input.TextArea rows={6} maxLength={2000} showCount />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="grade" label={t('duty.grade')} rules={[{ required: true }]}>
              <Select options={grades.map((g) => ({ value: g, label: g }))} />
            </Form.Item>
            <Form.Item name="comment" label={t('duty.comment')}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** The community's grade scale (best first) and the day reports fall due. */
function SettingModal({ communityId, onClose }: { communityId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const setting = useDutySetting(communityId);
  const update = useUpdateDutySetting();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={t('duty.settings')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={update.isPending}
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <QueryState query={setting}>
        {(data) => (
          <Form
            form={form}
            layout="vertical"
            initialValues={data}
            onFinish={(v: { grades: string[]; dueDay: number }) =>
              update.mutate(
                { communityId, ...v },
                { onSuccess: onClose, onError: (e) => setError(applyApiErrors(form, e)) },
              )
            }
          >
            <Form.Item name="grades" label={t('duty.gradeScale')} rules={[{ required: true }]}>
              <Select mode="tags" open={false} />
            </Form.Item>
            <Form.Item name="dueDay" label={t('duty.dueDay')} rules={[{ required: true }]}>
              <InputNumber min={1} max={28} />
            </Form.Item>
          </Form>
        )}
      </QueryState>
    </Modal>
  );
}

/** The year-end ranking of the community's chiefs, shown with the annual reports. */
function RankingCard({ communityId, year }: { communityId: string; year: number }) {
  const { t } = useTranslation();
  const ranking = useDutyRanking(communityId, year);
  return (
    <Card size="small" title={t('duty.ranking', { year })}>
      <QueryState query={ranking}>
        {(data) => (
          <Table
            rowKey="positionId"
            size="small"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('duty.rank'), dataIndex: 'rank', width: 64 },
              { title: t('duty.holder'), dataIndex: 'holderName' },
              { title: t('duty.node'), dataIndex: 'nodeName' },
              { title: t('duty.grade'), render: (_, r) => r.annualGrade ?? t('duty.none') },
              { title: t('duty.monthlySubmitted'), align: 'right', dataIndex: 'monthlySubmitted' },
              {
                title: t('duty.casesReported'),
                align: 'right',
                render: (_, r) => r.figures.casesReported,
              },
              { title: t('duty.casesHandled'), align: 'right', render: (_, r) => r.figures.casesHandled },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

/** A community's 述职 for one period: who is due, oral reports, grades, rates and the year-end ranking export. */
export default function CommunityPage() {
  const { t } = useTranslation();
  const [communityId, setCommunityId] = useState<string | undefined>();
  const [kind, setKind] = useState<Kind>('month');
  const [day, setDay] = useState<Dayjs>(() => businessToday());
  const [action, setAction] = useState<{ report: DutyReport; mode: 'oral' | 'grade' } | null>(null);
  const [isSetting, setSetting] = useState(false);
  const period = kind === 'month' ? day.format('YYYY-MM') : day.format('YYYY');
  const q = communityId ? { communityId, periodKind: kind, period } : null;
  const list = useCommunityDutyReports(q);
  const stats = useDutyStats(communityId ? { nodeId: communityId, periodKind: kind, period } : null);
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('duty.communityTitle')}
        subtitle={t('duty.communitySubtitle')}
        extra={
          <Flex gap={8}>
            <Button icon={<SettingOutlined />} disabled={!communityId} onClick={() => setSetting(true)}>
              {t('duty.settings')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              disabled={!communityId}
              href={
                communityId
                  ? downloadUrl(exportDutyRanking, { query: { communityId, year: day.year() } })
                  : undefined
              }
            >
              {t('duty.exportRanking')} {day.year()}
            </Button>
          </Flex>
        }
      />
      <Flex gap={12} wrap align="center">
        <TerritoryNodeSelect
          value={communityId}
          onChange={setCommunityId}
          placeholder={t('duty.pickCommunity')}
          style={{ minWidth: 260 }}
        />
        <Segmented
          value={kind}
          onChange={(v) => setKind(v as Kind)}
          options={[
            { value: 'month', label: t('duty.month') },
            { value: 'year', label: t('duty.year') },
          ]}
        />
        <DatePicker
          picker={kind}
          allowClear={false}
          value={day}
          disabledDate={(d: Dayjs) => d.isAfter(businessToday(), kind)}
          onChange={(d) => d && setDay(dayjs(d))}
        />
      </Flex>
      {isSetting && communityId && (
        <SettingModal communityId={communityId} onClose={() => setSetting(false)} />
      )}
      {!q ? (
        <EmptyState description={t('duty.pickCommunity')} />
      ) : (
        <QueryState query={list}>
          {(data) => (
            <Flex vertical gap={16}>
              {stats.data && (
                <Row gutter={[12, 12]}>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic title={t('duty.expected')} value={stats.data.totals.expected} />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic
                        title={t('duty.submissionRate')}
                        value={pct(stats.data.totals.submissionRate)}
                      />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic title={t('duty.evaluatedCount')} value={stats.data.totals.evaluated} />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small" title={t('duty.gradeDistribution')}>
                      {stats.data.totals.grades.map((g) => (
                        <Tag key={g.grade}>
                          {g.grade} {g.count}
                        </Tag>
                      ))}
                    </Card>
                  </Col>
                </Row>
              )}
              <Typography.Text type={data.missing > 0 ? 'warning' : 'secondary'}>
                {t('duty.missing', { count: data.missing })}
              </Typography.Text>
              <Table
                rowKey="positionId"
                size="small"
                scroll={{ x: true }}
                dataSource={data.items}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                columns={[
                  { title: t('duty.holder'), dataIndex: 'holderName', fixed: 'left' },
                  {
                    title: t('duty.position'),
                    render: (_, r) => (r.positionKind === 'household_chief' ? '户长' : '邻长'),
                  },
                  { title: t('duty.node'), dataIndex: 'nodeName' },
                  {
                    title: t('duty.state'),
                    render: (_, r) => (
                      <Tag color={STATE_COLORS[r.state]}>
                        {DUTY_STATE_LABELS[r.state]}
                        {r.form === 'oral' ? '（口头）' : ''}
                      </Tag>
                    ),
                  },
                  {
                    title: t('duty.linkedHouseholds'),
                    align: 'right',
                    render: (_, r) => r.figures.linkedHouseholds,
                  },
                  {
                    title: t('duty.casesReported'),
                    align: 'right',
                    render: (_, r) => r.figures.casesReported,
                  },
                  { title: t('duty.casesHandled'), align: 'right', render: (_, r) => r.figures.casesHandled },
                  {
                    title: t('duty.attendance'),
                    align: 'right',
                    render: (_, r) =>
                      r.figures.attendanceNote
                        ? t('duty.none')
                        : `${r.figures.attendance.attended}/${r.figures.attendance.expected}`,
                  },
                  { title: t('duty.grade'), render: (_, r) => r.grade ?? t('duty.none') },
                  {
                    title: t('duty.actions'),
                    render: (_, r) => (
                      <Flex gap={8}>
                        {r.state === 'DUE' && (
                          <Typography.Link onClick={() => setAction({ report: r, mode: 'oral' })}>
                            {t('duty.recordOral')}
                          </Typography.Link>
                        )}
                        {(r.state === 'SUBMITTED' || r.state === 'EVALUATED') && (
                          <Typography.Link onClick={() => setAction({ report: r, mode: 'grade' })}>
                            {t('duty.evaluate')}
                          </Typography.Link>
                        )}
                      </Flex>
                    ),
                  },
                ]}
              />
              {kind === 'year' && communityId && <RankingCard communityId={communityId} year={day.year()} />}
              {action && (
                <ActionModal
                  report={action.report}
                  mode={action.mode}
                  grades={data.grades}
                  onClose={() => setAction(null)}
                />
              )}
            </Flex>
          )}
        </QueryState>
      )}
    </Flex>
  );
}
