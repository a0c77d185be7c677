import { HomeOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import type { HouseholdSummary, Resident } from '@gongzhi/contract/people';
import { Button, Card, Flex, Input, Segmented, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { LoadMore } from '../../../components/ui/load-more.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, ErrorState, LoadingBlock } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { useHouseholds } from '../api/use-households.ts';
import { useResidents } from '../api/use-residents.ts';
import { HouseholdFormDialog } from '../components/household-form-dialog.tsx';
import { ResidentTagChips, StatusTag } from '../components/status-tag.tsx';

type View = 'households' | 'residents';

function memberNames(
  h: HouseholdSummary,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  const names = h.members.map((m) => m.name);
  return names.length > 4 ? t('people.andMore', { names: names.slice(0, 4).join('、') }) : names.join('、');
}

function HouseholdResults({ q, nodeId, status }: { q?: string; nodeId?: string; status?: string }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const query = useHouseholds({ q, nodeId, status: status as 'active' | 'moved_out' | undefined });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isMobile) {
    if (query.isLoading) return <LoadingBlock rows={6} />;
    if (items.length === 0)
      return <EmptyState description={q ? t('people.noMatch') : t('people.noHouseholds')} />;
    return (
      <div className="gz-card-list">
        {items.map((h) => (
          <Card key={h.id} size="small" hoverable onClick={() => navigate(`/households/${h.id}`)}>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong className="gz-mono">
                {h.householdNo}
              </Typography.Text>
              <StatusTag status={h.status} />
            </Flex>
            <div style={{ marginTop: 4 }}>
              {h.address || <span className="gz-muted">{t('people.noAddress')}</span>}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('people.headIs', { name: h.headName ?? '—' })} ·{' '}
              {t('people.memberCount', { count: h.members.length })} · {h.nodeName}
            </Typography.Text>
          </Card>
        ))}
        <LoadMore
          hasMore={query.hasNextPage}
          isLoading={query.isFetchingNextPage}
          onLoadMore={() => void query.fetchNextPage()}
          count={items.length}
        />
      </div>
    );
  }
  return (
    <>
      <Table<HouseholdSummary>
        rowKey="id"
        loading={query.isLoading}
        dataSource={items}
        pagination={false}
        locale={{
          emptyText: <EmptyState description={q ? t('people.noMatch') : t('people.noHouseholds')} />,
        }}
        onRow={(record) => ({
          onClick: () => navigate(`/households/${record.id}`),
          className: 'gz-clickable',
        })}
        columns={[
          {
            title: t('people.householdNo'),
            dataIndex: 'householdNo',
            width: 160,
            render: (no: string, r) => (
              <Link to={`/households/${r.id}`} className="gz-mono">
                {no}
              </Link>
            ),
          },
          {
            title: t('people.address'),
            dataIndex: 'address',
            ellipsis: true,
            render: (a: string) => a || '—',
          },
          { title: t('people.node'), dataIndex: 'nodeName', width: 160, ellipsis: true },
          {
            title: t('people.head'),
            dataIndex: 'headName',
            width: 100,
            render: (n: string | null) => n ?? '—',
          },
          {
            title: t('people.members'),
            ellipsis: true,
            render: (_, r) => (
              <span title={r.members.map((m) => m.name).join('、')}>{memberNames(r, t) || '—'}</span>
            ),
          },
          {
            title: t('people.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: string) => <StatusTag status={s} />,
          },
        ]}
      />
      <LoadMore
        hasMore={query.hasNextPage}
        isLoading={query.isFetchingNextPage}
        onLoadMore={() => void query.fetchNextPage()}
        count={items.length}
      />
    </>
  );
}

function ResidentResults({ q, nodeId, status }: { q?: string; nodeId?: string; status?: string }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const query = useResidents({
    q,
    nodeId,
    status: status as 'active' | 'moved_out' | 'deceased' | undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isMobile) {
    if (query.isLoading) return <LoadingBlock rows={6} />;
    if (items.length === 0)
      return <EmptyState description={q ? t('people.noMatch') : t('people.noResidents')} />;
    return (
      <div className="gz-card-list">
        {items.map((r) => (
          <Card key={r.id} size="small" hoverable onClick={() => navigate(`/residents/${r.id}`)}>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{r.name}</Typography.Text>
              <StatusTag status={r.status} />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t(`enum.gender.${r.gender}`)} · {formatDate(r.birthDate)} · {r.householdNo}
            </Typography.Text>
            <div className="gz-mono gz-muted" style={{ fontSize: 13 }}>
              {r.idNoMasked ?? '—'} {r.phoneMasked ? ` · ${r.phoneMasked}` : ''}
            </div>
            {r.tags.length > 0 && (
              <div style={{ marginTop: 4 }}>
                <ResidentTagChips tags={r.tags} />
              </div>
            )}
          </Card>
        ))}
        <LoadMore
          hasMore={query.hasNextPage}
          isLoading={query.isFetchingNextPage}
          onLoadMore={() => void query.fetchNextPage()}
          count={items.length}
        />
      </div>
    );
  }
  return (
    <>
      <Table<Resident>
        rowKey="id"
        loading={query.isLoading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <EmptyState description={q ? t('people.noMatch') : t('people.noResidents')} /> }}
        onRow={(record) => ({
          onClick: () => navigate(`/residents/${record.id}`),
          className: 'gz-clickable',
        })}
        columns={[
          {
            title: t('people.name'),
            dataIndex: 'name',
            width: 110,
            render: (n: string, r) => <Link to={`/residents/${r.id}`}>{n}</Link>,
          },
          {
            title: t('people.gender'),
            dataIndex: 'gender',
            width: 70,
            render: (g: string) => t(`enum.gender.${g}`),
          },
          {
            title: t('people.birthDate'),
            dataIndex: 'birthDate',
            width: 120,
            render: (d: string | null) => formatDate(d),
          },
          {
            title: t('people.idNumber'),
            dataIndex: 'idNoMasked',
            width: 200,
            render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
          },
          {
            title: t('people.phone'),
            dataIndex: 'phoneMasked',
            width: 130,
            render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
          },
          {
            title: t('people.householdNo'),
            dataIndex: 'householdNo',
            width: 150,
            render: (no: string, r) => (
              <Link
                to={`/households/${r.householdId}`}
                onClick={(e) => e.stopPropagation()}
                className="gz-mono"
              >
                {no}
              </Link>
            ),
          },
          { title: t('people.tags'), render: (_, r) => <ResidentTagChips tags={r.tags} /> },
          {
            title: t('people.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: string) => <StatusTag status={s} />,
          },
        ]}
      />
      <LoadMore
        hasMore={query.hasNextPage}
        isLoading={query.isFetchingNextPage}
        onLoadMore={() => void query.fetchNextPage()}
        count={items.length}
      />
    </>
  );
}

/** 户籍台账: households or residents, searched and filtered by place; filters live in the URL. */
export default function HouseholdsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'residents' ? 'residents' : 'households';
  const q = params.get('q') ?? undefined;
  const nodeId = params.get('nodeId') ?? undefined;
  const status = params.get('status') ?? 'active';
  const [text, setText] = useState(q ?? '');
  const [isCreating, setCreating] = useState(false);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const statusOptions =
    view === 'households'
      ? (['active', 'moved_out'] as const).map((s) => ({ value: s, label: t(`enum.status.${s}`) }))
      : (['active', 'moved_out', 'deceased'] as const).map((s) => ({
          value: s,
          label: t(`enum.status.${s}`),
        }));

  return (
    <div className="gz-page">
      <PageHeader
        title={t('people.title')}
        subtitle={t('people.subtitle')}
        extra={
          can('registry.edit') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('people.newHousehold')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { padding: isMobile ? 12 : 16 } }}>
        <Flex vertical gap={12}>
          <Segmented<View>
            value={view}
            onChange={(v) => update({ view: v === 'residents' ? 'residents' : undefined, status: undefined })}
            options={[
              { value: 'households', label: t('people.byHousehold'), icon: <HomeOutlined /> },
              { value: 'residents', label: t('people.byResident'), icon: <UserOutlined /> },
            ]}
            block={isMobile}
          />
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(value) => update({ q: value.trim() || undefined })}
              placeholder={view === 'households' ? t('people.searchHouseholds') : t('people.searchResidents')}
              maxLength={50}
              style={{ flex: '1 1 260px', maxWidth: isMobile ? undefined : 420 }}
              enterButton
            />
            <TerritoryNodeSelect
              value={nodeId}
              onChange={(id) => update({ nodeId: id })}
              placeholder={t('people.filterByNode')}
              style={{ flex: isMobile ? '1 1 100%' : '0 0 240px' }}
            />
            <Select
              value={status}
              onChange={(s) => update({ status: s === 'active' ? undefined : s })}
              options={statusOptions}
              style={{ width: isMobile ? '100%' : 120 }}
            />
          </Flex>
        </Flex>
      </Card>
      <Card
        styles={{ body: { padding: isMobile ? 0 : 0 } }}
        style={isMobile ? { background: 'transparent', border: 'none' } : undefined}
      >
        {view === 'households' ? (
          <HouseholdResults q={q} nodeId={nodeId} status={status} />
        ) : (
          <ResidentResults q={q} nodeId={nodeId} status={status} />
        )}
      </Card>
      {isCreating && <HouseholdFormDialog defaultNodeId={nodeId} onClose={() => setCreating(false)} />}
    </div>
  );
}
