import { PlusOutlined } from '@ant-design/icons';
import { type Position, PositionKindSchema } from '@gongzhi/contract/organisation';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadMore } from '../../../components/ui/load-more.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { ErrorState } from '../../../components/ui/query-state.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useEndPosition, usePositions } from '../api/use-positions.ts';
import { useCommunityOf, useSpanRules } from '../api/use-territory.ts';
import { NodeField, useNodeParam } from '../components/node-param.tsx';
import { PositionFormModal } from '../components/position-form-modal.tsx';
import { SpanTag, spanFromRules } from '../components/span.tsx';

function EndPositionModal({ position, onClose }: { position: Position | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const end = useEndPosition();
  const [form] = Form.useForm<{ validTo?: Dayjs; reason?: string }>();
  return (
    <Modal
      open={Boolean(position)}
      title={t('org.positions.endTitle', {
        name: position?.holderName ?? '',
        kind: position?.kindLabel ?? '',
      })}
      okText={t('org.positions.end')}
      okButtonProps={{ danger: true }}
      confirmLoading={end.isPending}
      onCancel={onClose}
      destroyOnHidden
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">{t('org.positions.endHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          position &&
          end.mutate(
            {
              id: position.id,
              body: {
                validTo: values.validTo?.format('YYYY-MM-DD'),
                reason: values.reason?.trim() || undefined,
              },
            },
            {
              onSuccess: () => {
                message.success(t('org.positions.ended'));
                onClose();
              },
              onError: (error) => message.error(error.message),
            },
          )
        }
      >
        <Form.Item name="validTo" label={t('org.positions.validTo')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('org.positions.endReason')}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 职务 at a node and below: who holds what, how many households each links and whether that is within span. */
export default function PositionsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const [nodeId, setNodeId] = useNodeParam();
  const [kind, setKind] = useState<Position['kind'] | undefined>();
  const [search, setSearch] = useState('');
  const [includeEnded, setIncludeEnded] = useState(false);
  const [editing, setEditing] = useState<Position | null | undefined>(undefined);
  const [ending, setEnding] = useState<Position | null>(null);
  const q = useDebounced(search.trim());
  const positions = usePositions({
    nodeId: nodeId ?? '',
    kind,
    q: q || undefined,
    includeEnded: includeEnded ? 'true' : 'false',
    scope: 'subtree',
  });
  const rules = useSpanRules(useCommunityOf(nodeId));
  const items = useMemo(() => positions.data?.pages.flatMap((p) => p.items) ?? [], [positions.data]);
  const canManage = can('organisation.manage');

  return (
    <div className="gz-page">
      <PageHeader
        title={t('org.positions.title')}
        subtitle={t('org.positions.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('org.positions.create')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <NodeField value={nodeId} onChange={setNodeId} />
          <Select
            allowClear
            placeholder={t('org.positions.allKinds')}
            value={kind}
            onChange={setKind}
            style={{ width: 150 }}
            options={PositionKindSchema.options.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))}
            aria-label={t('org.positions.kind')}
          />
          <Input.Search
            allowClear
            placeholder={t('org.positions.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 220 }}
          />
          <Space>
            <Switch size="small" checked={includeEnded} onChange={setIncludeEnded} />
            <span>{t('org.positions.includeEnded')}</span>
          </Space>
        </Flex>
      </Card>
      <Card size="small">
        {positions.error ? (
          <ErrorState error={positions.error} onRetry={() => void positions.refetch()} />
        ) : (
          <>
            <Table<Position>
              rowKey="id"
              size="middle"
              loading={positions.isLoading}
              dataSource={items}
              pagination={false}
              scroll={{ x: 960 }}
              onRow={(row) => ({ onDoubleClick: () => navigate(`/organisation/positions/${row.id}`) })}
              columns={[
                {
                  title: t('org.positions.kind'),
                  dataIndex: 'kindLabel',
                  width: 100,
                  render: (label: string, row) => (
                    <Space size={4}>
                      <Tag color="red" bordered={false}>
                        {label}
                      </Tag>
                      {!row.isActive && <Tag>{t('org.positions.endedTag')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('org.positions.holderName'),
                  dataIndex: 'holderName',
                  render: (name: string, row) => <Link to={`/organisation/positions/${row.id}`}>{name}</Link>,
                },
                {
                  title: t('org.positions.identity'),
                  dataIndex: 'identity',
                  render: (v: string | null) => v ?? '—',
                },
                {
                  title: t('org.positions.phone'),
                  dataIndex: 'phoneMasked',
                  render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
                },
                { title: t('org.positions.node'), dataIndex: 'nodeName' },
                {
                  title: t('org.positions.households'),
                  dataIndex: 'householdCount',
                  align: 'right',
                  width: 90,
                },
                {
                  title: t('org.positions.span'),
                  key: 'span',
                  render: (_, row) => (
                    <SpanTag span={spanFromRules(row.kind, row.householdCount, rules.data)} />
                  ),
                },
                {
                  title: t('org.positions.validFrom'),
                  dataIndex: 'validFrom',
                  render: (v: string, row) =>
                    row.validTo ? `${formatDate(v)} ~ ${formatDate(row.validTo)}` : formatDate(v),
                },
                {
                  title: t('org.actions'),
                  key: 'actions',
                  fixed: 'right',
                  width: 200,
                  render: (_, row) => (
                    <Space size={0} wrap>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => navigate(`/organisation/positions/${row.id}`)}
                      >
                        {t('org.view')}
                      </Button>
                      {canManage && row.isActive && (
                        <>
                          <Button type="link" size="small" onClick={() => setEditing(row)}>
                            {t('org.edit')}
                          </Button>
                          <Button type="link" size="small" danger onClick={() => setEnding(row)}>
                            {t('org.positions.end')}
                          </Button>
                        </>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
            <LoadMore
              hasMore={Boolean(positions.hasNextPage)}
              isLoading={positions.isFetchingNextPage}
              onLoadMore={() => void positions.fetchNextPage()}
              count={items.length}
            />
          </>
        )}
      </Card>
      <PositionFormModal
        open={editing !== undefined}
        position={editing}
        nodeId={nodeId}
        kind={kind}
        onClose={() => setEditing(undefined)}
      />
      <EndPositionModal position={ending} onClose={() => setEnding(null)} />
    </div>
  );
}
