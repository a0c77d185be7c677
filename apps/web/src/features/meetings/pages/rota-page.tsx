import { BarChartOutlined } from '@ant-design/icons';
import type { Duty, Rota } from '@gongzhi/contract/meetings';
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
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, QueryState } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { businessToday } from '../../../lib/business-day.ts';
import { useSession } from '../../../lib/session.ts';
import {
  useCheckInDuty,
  useGenerateRota,
  useLeaves,
  useRecordLeave,
  useRota,
  useSubstituteDuty,
} from '../api/use-meetings.ts';
import { useRotaParams } from '../components/use-rota-node.ts';

const STATUS_COLOR: Record<Duty['status'], string> = {
  scheduled: 'default',
  attended: 'green',
  absent: 'red',
  substituted: 'cyan',
};
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** The month's 早点名会 rota as a grid of working days (one column on phones), with swaps and check-in. */
export default function RotaPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { nodeId, month, update } = useRotaParams();
  const query = useRota(nodeId ? { nodeId, month } : null);
  const [isMineOnly, setIsMineOnly] = useState(false);

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('rollcall.title')}
        subtitle={t('rollcall.subtitle')}
        extra={
          can('meetings.view') && (
            <Link to={`/meetings/rollcall/report?node=${nodeId ?? ''}&month=${month}`}>
              <Button icon={<BarChartOutlined />}>{t('rollcall.report')}</Button>
            </Link>
          )
        }
      />
      <Flex gap={12} wrap align="center">
        {can('territory.view') && (
          <TerritoryNodeSelect
            value={nodeId}
            onChange={(id) => update({ node: id })}
            allowClear={false}
            style={{ width: 260 }}
          />
        )}
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && update({ month: d.format('YYYY-MM') })}
        />
        <Flex gap={6} align="center">
          <Switch size="small" checked={isMineOnly} onChange={setIsMineOnly} />
          <span>{t('rollcall.mine')}</span>
        </Flex>
      </Flex>
      {nodeId && (
        <QueryState query={query}>
          {(rota) => (
            <>
              {rota.id === null ? (
                <NotGenerated rota={rota} />
              ) : (
                <DutyGrid rota={rota} isMineOnly={isMineOnly} />
              )}
              {rota.canManage && <LeavesCard rota={rota} />}
            </>
          )}
        </QueryState>
      )}
    </Flex>
  );
}

function NotGenerated({ rota }: { rota: Rota }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const generate = useGenerateRota();
  const [perDay, setPerDay] = useState(1);
  return (
    <EmptyState
      description={`${t('rollcall.notGenerated')}（${t('rollcall.chiefs', { count: rota.chiefs.length })}）`}
    >
      {rota.canManage && (
        <Flex gap={8} justify="center" align="center">
          <span>{t('rollcall.perDay')}</span>
          <InputNumber min={1} max={20} value={perDay} onChange={(v) => setPerDay(v ?? 1)} />
          <Button
            type="primary"
            loading={generate.isPending}
            onClick={() =>
              generate.mutate(
                { nodeId: rota.nodeId, month: rota.month, perDay },
                { onError: (e) => message.error(e.message) },
              )
            }
          >
            {t('rollcall.generate')}
          </Button>
        </Flex>
      )}
    </EmptyState>
  );
}

function DutyGrid({ rota, isMineOnly }: { rota: Rota; isMineOnly: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const checkIn = useCheckInDuty();
  const [swapping, setSwapping] = useState<Duty | null>(null);
  const today = businessToday().format('YYYY-MM-DD');
  const duties = isMineOnly ? rota.duties.filter((d) => d.isMine) : rota.duties;
  const days = [...new Set(duties.map((d) => d.day))];
  const mark = (d: Duty, status: 'attended' | 'absent') =>
    checkIn.mutate({ id: d.id, status }, { onError: (e) => message.error(e.message) });

  return (
    <>
      <Row gutter={[12, 12]}>
        {days.map((day) => (
          <Col key={day} xs={24} sm={12} md={8} xl={6}>
            <Card
              size="small"
              title={`${day.slice(5)} 周${WEEKDAYS[dayjs(day).day()]}`}
              style={day === today ? { borderColor: '#1677ff' } : undefined}
            >
              <Flex vertical gap={8}>
                {duties
                  .filter((d) => d.day === day)
                  .map((d) => (
                    <Flex key={d.id} vertical gap={4}>
                      <Flex justify="space-between" align="center" gap={4}>
                        <Typography.Text strong={d.isMine}>
                          {d.substituteName ? (
                            <>
                              <Typography.Text delete type="secondary">
                                {d.chiefName}
                              </Typography.Text>{' '}
                              {d.substituteName}
                            </>
                          ) : (
                            d.chiefName
                          )}
                        </Typography.Text>
                        <Tag color={STATUS_COLOR[d.status]}>{t(`rollcall.status.${d.status}`)}</Tag>
                      </Flex>
                      {d.substituteReason && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('rollcall.substitute')}：{d.substituteReason}
                        </Typography.Text>
                      )}
                      <Flex gap={4} wrap>
                        {rota.canManage && (
                          <>
                            <Button size="small" onClick={() => mark(d, 'attended')}>
                              {t('rollcall.markAttended')}
                            </Button>
                            <Button size="small" danger onClick={() => mark(d, 'absent')}>
                              {t('rollcall.markAbsent')}
                            </Button>
                          </>
                        )}
                        {!rota.canManage && d.isMine && d.day === today && d.status === 'scheduled' && (
                          <Button size="small" type="primary" onClick={() => mark(d, 'attended')}>
                            {t('rollcall.checkInMine')}
                          </Button>
                        )}
                        {(rota.canManage || d.isMine) && d.status === 'scheduled' && (
                          <Button size="small" onClick={() => setSwapping(d)}>
                            {t('rollcall.substitute')}
                          </Button>
                        )}
                      </Flex>
                    </Flex>
                  ))}
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
      <SubstituteModal rota={rota} duty={swapping} onClose={() => setSwapping(null)} />
    </>
  );
}

function SubstituteModal({ rota, duty, onClose }: { rota: Rota; duty: Duty | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const substitute = useSubstituteDuty();
  const [form] = Form.useForm<{ substitutePositionId: string; reason: string }>();
  const current = duty?.substitutePositionId ?? duty?.positionId;
  return (
    <Modal
      open={duty !== null}
      title={`${t('rollcall.substitute')} ${duty?.day ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={substitute.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          duty &&
          substitute.mutate(
            { id: duty.id, ...v },
            { onSuccess: onClose, onError: (e) => message.error(e.message) },
          )
        }
      >
        <Form.Item
          name="substitutePositionId"
          label={t('rollcall.substituteBy')}
          rules={[{ required: true }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={rota.chiefs
              .filter((c) => c.positionId !== current)
              .map((c) => ({ value: c.positionId, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('rollcall.reason')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LeavesCard({ rota }: { rota: Rota }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const leaves = useLeaves({ nodeId: rota.nodeId, month: rota.month }, true);
  const record = useRecordLeave();
  const [form] = Form.useForm<{ positionId: string; range: [Dayjs, Dayjs]; reason?: string }>();
  const [isOpen, setIsOpen] = useState(false);
  return (
    <Card
      title={t('rollcall.leaves')}
      extra={<Button onClick={() => setIsOpen(true)}>{t('rollcall.addLeave')}</Button>}
    >
      <Table
        rowKey="id"
        size="small"
        loading={leaves.isLoading}
        dataSource={leaves.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('rollcall.chief'), dataIndex: 'chiefName' },
          { title: t('rollcall.from'), dataIndex: 'fromDay' },
          { title: t('rollcall.to'), dataIndex: 'toDay' },
          { title: t('rollcall.reason'), dataIndex: 'reason' },
        ]}
      />
      <Modal
        open={isOpen}
        title={t('rollcall.addLeave')}
        onCancel={() => setIsOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={record.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            record.mutate(
              {
                positionId: v.positionId,
                fromDay: v.range[0].format('YYYY-MM-DD'),
                toDay: v.range[1].format('YYYY-MM-DD'),
                ...(v.reason ? { reason: v.reason } : {}),
              },
              { onSuccess: () => setIsOpen(false), onError: (e) => message.error(e.message) },
            )
          }
        >
          <Form.Item name="positionId" label={t('rollcall.chief')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={rota.chiefs.map((c) => ({ value: c.positionId, label: c.name }))}
            />
          </Form.Item>
          <Form.Item
            name="range"
            label={`${t('rollcall.from')} – ${t('rollcall.to')}`}
            rules={[{ required: true }]}
          >
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="reason" label={t('rollcall.reason')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
