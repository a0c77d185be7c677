import { SwapOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import type { Handover, PositionDetail } from '@gongzhi/contract/organisation';
import { Alert, App, Button, Card, Descriptions, Flex, List, Popconfirm, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { LoadMore } from '../../../components/ui/load-more.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { QueryState } from '../../../components/ui/query-state.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import {
  useEndHandover,
  usePosition,
  usePositionHouseholds,
  useUnassignHousehold,
} from '../api/use-positions.ts';
import { HandoverModal } from '../components/handover-modal.tsx';
import { PositionFormModal } from '../components/position-form-modal.tsx';
import { SpanTag } from '../components/span.tsx';

function period(h: Pick<Handover, 'from' | 'until'>): string {
  return `${formatDate(h.from)} ~ ${h.until ? formatDate(h.until) : '…'}`;
}

function Handovers({ position, canManage }: { position: PositionDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const end = useEndHandover();
  const handleEnd = (toPositionId?: string) =>
    end.mutate(
      { id: position.id, toPositionId },
      { onSuccess: () => message.success(t('org.handover.ended')), onError: (e) => message.error(e.message) },
    );
  // Households covered by others or for others, and the role acted for (职责代理), one line each.
  const rows: {
    key: string;
    isOut: boolean;
    text: string;
    period: string;
    endTo?: string;
    endName?: string;
  }[] = [
    ...position.handoversOut.map((h) => ({
      key: `out-${h.toPositionId}`,
      isOut: true,
      text: t('org.handover.outText', { name: h.toHolderName, count: h.householdCount }),
      period: period(h),
      endTo: h.toPositionId,
      endName: h.toHolderName,
    })),
    ...(position.deputy
      ? [
          {
            key: 'deputy',
            isOut: true,
            text: t('org.handover.deputyText', { name: position.deputy.deputyHolderName }),
            period: period(position.deputy),
            endTo: position.deputy.deputyPositionId,
            endName: position.deputy.deputyHolderName,
          },
        ]
      : []),
    ...position.handoversIn.map((h) => ({
      key: `in-${h.fromPositionId}`,
      isOut: false,
      text: t('org.handover.inText', { name: h.fromHolderName, count: h.householdCount }),
      period: period(h),
    })),
    ...position.deputyFor.map((d) => ({
      key: `for-${d.positionId}`,
      isOut: false,
      text: t('org.handover.deputyForText', { name: d.holderName }),
      period: period(d),
    })),
  ];
  if (rows.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('org.handover.active')}
      extra={
        canManage &&
        rows.filter((r) => r.isOut).length > 1 && (
          <Popconfirm title={t('org.handover.endAllConfirm')} onConfirm={() => handleEnd()}>
            <Button size="small" danger>
              {t('org.handover.endAll')}
            </Button>
          </Popconfirm>
        )
      }
    >
      {position.handoversOut.length > 0 && position.uncoveredDuringHandover > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('org.handover.uncoveredNow', { count: position.uncoveredDuringHandover })}
        />
      )}
      <List
        size="small"
        dataSource={rows}
        rowKey="key"
        renderItem={(r) => (
          <List.Item
            actions={
              r.endTo && canManage
                ? [
                    <Popconfirm
                      key="end"
                      title={t('org.handover.endConfirm', { name: r.endName })}
                      onConfirm={() => handleEnd(r.endTo)}
                    >
                      <Button type="link" size="small" danger>
                        {t('org.handover.endEarly')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Flex gap={8} wrap align="center">
              <Tag color={r.isOut ? 'orange' : 'blue'} bordered={false}>
                {r.isOut ? t('org.handover.outTag') : t('org.handover.inTag')}
              </Tag>
              <span>{r.text}</span>
              <span className="gz-muted">{r.period}</span>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

function Households({ position, canManage }: { position: PositionDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const query = usePositionHouseholds(position.id);
  const unassign = useUnassignHousehold();
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return (
    <Card size="small" title={t('org.detail.households', { count: items.length })}>
      <Table
        rowKey={(r) => `${r.householdId}-${r.coversPositionId ?? ''}`}
        size="small"
        loading={query.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 720 }}
        columns={[
          {
            title: t('org.household.no'),
            dataIndex: 'householdNo',
            render: (v: string) => <span className="gz-mono">{v}</span>,
          },
          { title: t('org.household.address'), dataIndex: 'address' },
          { title: t('org.household.head'), dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
          {
            title: t('org.household.phone'),
            dataIndex: 'headPhoneMasked',
            render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
          },
          { title: t('org.household.members'), dataIndex: 'memberCount', align: 'right' },
          {
            title: t('org.household.since'),
            dataIndex: 'validFrom',
            render: (v: string, r) => (
              <Flex gap={4} wrap>
                {formatDate(v)}
                {r.coversHolderName && (
                  <Tag color="blue" bordered={false}>
                    {t('org.household.covers', { name: r.coversHolderName })}
                  </Tag>
                )}
              </Flex>
            ),
          },
          ...(canManage
            ? [
                {
                  title: t('org.actions'),
                  key: 'actions',
                  render: (_: unknown, r: (typeof items)[number]) =>
                    r.coversPositionId === null && (
                      <Popconfirm
                        title={t('org.assign.removeConfirm', { no: r.householdNo })}
                        onConfirm={() =>
                          unassign.mutate(
                            { id: position.id, householdId: r.householdId },
                            {
                              onSuccess: () => message.success(t('org.assign.removed')),
                              onError: (e) => message.error(e.message),
                            },
                          )
                        }
                      >
                        <Button type="link" size="small" danger>
                          {t('org.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore
        hasMore={Boolean(query.hasNextPage)}
        isLoading={query.isFetchingNextPage}
        onLoadMore={() => void query.fetchNextPage()}
        count={items.length}
      />
    </Card>
  );
}

/** One chief's page: who, span, linked households and temporary handovers (临时代管). */
export default function PositionDetailPage() {
  const { positionId } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const query = usePosition(positionId);
  const [isEditing, setEditing] = useState(false);
  const [isHandingOver, setHandingOver] = useState(false);
  const canManage = can('organisation.manage');

  return (
    <QueryState query={query}>
      {(position) => (
        <div className="gz-page">
          <PageHeader
            crumbs={[
              { title: t('org.positions.title'), to: `/organisation/positions?node=${position.nodeId}` },
              { title: position.holderName },
            ]}
            title={
              <Flex gap={8} align="center" wrap>
                {position.holderName}
                <Tag color="red" bordered={false}>
                  {position.kindLabel}
                </Tag>
                {!position.isActive && <Tag>{t('org.positions.endedTag')}</Tag>}
              </Flex>
            }
            subtitle={position.nodeName}
            extra={
              canManage &&
              position.isActive && (
                <>
                  <Button
                    type="primary"
                    icon={<UsergroupAddOutlined />}
                    onClick={() => navigate(`/organisation/assign?position=${position.id}`)}
                  >
                    {t('org.assign.title')}
                  </Button>
                  <Button icon={<SwapOutlined />} onClick={() => setHandingOver(true)}>
                    {t('org.handover.button')}
                  </Button>
                  <Button onClick={() => setEditing(true)}>{t('org.edit')}</Button>
                </>
              )
            }
          />
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                { key: 'span', label: t('org.positions.span'), children: <SpanTag span={position.span} /> },
                { key: 'identity', label: t('org.positions.identity'), children: position.identity ?? '—' },
                {
                  key: 'phone',
                  label: t('org.positions.phone'),
                  children: <span className="gz-mono">{position.phoneMasked ?? '—'}</span>,
                },
                {
                  key: 'origin',
                  label: t('org.positions.origin'),
                  children: t(`org.origin.${position.origin}`),
                },
                {
                  key: 'from',
                  label: t('org.positions.validFrom'),
                  children: `${formatDate(position.validFrom)}${position.validTo ? ` ~ ${formatDate(position.validTo)}` : ''}`,
                },
                {
                  key: 'user',
                  label: t('org.positions.user'),
                  children: position.holderUserId ? t('org.positions.hasUser') : t('org.positions.noUser'),
                },
                ...(position.note
                  ? [{ key: 'note', label: t('org.positions.note'), children: position.note }]
                  : []),
              ]}
            />
            {position.span.warning && (
              <Alert type="warning" showIcon title={position.span.warning} style={{ marginTop: 8 }} />
            )}
          </Card>
          <Handovers position={position} canManage={canManage} />
          <Households position={position} canManage={canManage} />
          {!position.isActive && (
            <Typography.Text type="secondary">{t('org.detail.endedHint')}</Typography.Text>
          )}
          <PositionFormModal open={isEditing} position={position} onClose={() => setEditing(false)} />
          {isHandingOver && (
            <HandoverModal position={position} open={isHandingOver} onClose={() => setHandingOver(false)} />
          )}
        </div>
      )}
    </QueryState>
  );
}
