import type { LinkerKind, Position } from '@gongzhi/contract/organisation';
import {
  Button,
  Checkbox,
  Dialog,
  DotLoading,
  ErrorBlock,
  List,
  Popup,
  SearchBar,
  Selector,
  SwipeAction,
  Tag,
  Toast,
} from 'antd-mobile';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import {
  useAssignHouseholds,
  useLinkCandidates,
  usePosition,
  usePositionHouseholds,
  usePositions,
  useUnassignHousehold,
} from '../api/use-positions.ts';
import { NodeField, useNodeParam } from '../components/node-param.tsx';
import { SPAN_HEX, spanText } from '../components/span.tsx';

const KINDS: LinkerKind[] = ['neighbour_chief', 'household_chief', 'group_chief', 'party_linker'];
const BIG = { fontSize: 17 } as const;

function Loading() {
  return (
    <div style={{ padding: 24, textAlign: 'center' }}>
      <DotLoading color="primary" />
    </div>
  );
}

/** Step 1: find the chief by node, kind and name. */
function ChiefPicker({ onPick }: { onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const [nodeId, setNodeId] = useNodeParam();
  const [kind, setKind] = useState<LinkerKind>('neighbour_chief');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const query = usePositions({ nodeId: nodeId ?? '', kind, scope: 'subtree', q: q || undefined, limit: 100 });
  const items: Position[] = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="gz-page" style={{ maxWidth: 640, margin: '0 auto', width: '100%' }}>
      <h2 style={{ margin: 0, fontSize: 20 }}>{t('org.assign.pickChief')}</h2>
      <NodeField value={nodeId} onChange={setNodeId} width="100%" />
      <Selector<LinkerKind>
        columns={4}
        value={[kind]}
        onChange={(v) => v[0] && setKind(v[0])}
        options={KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))}
      />
      <SearchBar
        placeholder={t('org.assign.searchChief')}
        value={search}
        onChange={setSearch}
        style={{ '--height': '40px' }}
      />
      {query.isLoading ? (
        <Loading />
      ) : query.error ? (
        <ErrorBlock status="default" title={errorMessage(query.error)} description="" />
      ) : items.length === 0 ? (
        <ErrorBlock
          status="empty"
          title={t('org.assign.noChiefs')}
          description={t('org.assign.noChiefsHint')}
        />
      ) : (
        <List style={{ '--font-size': '17px' }}>
          {items.map((p) => (
            <List.Item
              key={p.id}
              onClick={() => onPick(p.id)}
              description={p.nodeName}
              extra={t('org.assign.countShort', { count: p.householdCount })}
            >
              {p.holderName}{' '}
              <Tag color="danger" fill="outline">
                {p.kindLabel}
              </Tag>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

/** Step 3: candidates with checkboxes and a sticky confirm button. */
function CandidatePopup({
  positionId,
  visible,
  onClose,
}: {
  positionId: string;
  visible: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const q = useDebounced(search.trim());
  const query = useLinkCandidates(positionId, q, visible);
  const assign = useAssignHouseholds();
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const isAllSelected = items.length > 0 && items.every((h) => selected.includes(h.householdId));

  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const handleConfirm = () =>
    assign.mutate(
      { id: positionId, body: { householdIds: selected } },
      {
        onSuccess: (result) => {
          setSelected([]);
          onClose();
          const lines = [t('org.assign.done', { count: result.linked })];
          if (result.moved.length > 0)
            lines.push(
              t('org.assign.moved', {
                count: result.moved.length,
                names: [...new Set(result.moved.map((m) => m.fromHolderName))].join('、'),
              }),
            );
          lines.push(spanText(result.span, t));
          if (result.span.warning) {
            void Dialog.alert({
              title: t('org.assign.spanWarning'),
              content: [...lines, result.span.warning].join('\n'),
              confirmText: t('org.ok'),
            });
          } else {
            Toast.show({ icon: 'success', content: lines.join('，') });
          }
        },
        onError: (error) => void Dialog.alert({ content: errorMessage(error), confirmText: t('org.ok') }),
      },
    );

  return (
    <Popup
      visible={visible}
      onMaskClick={onClose}
      onClose={onClose}
      position="bottom"
      bodyStyle={{ height: '92vh', display: 'flex', flexDirection: 'column', borderRadius: '12px 12px 0 0' }}
      destroyOnClose
    >
      <div style={{ padding: '12px 12px 0', display: 'flex', flexDirection: 'column', gap: 8 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <strong style={{ fontSize: 18 }}>{t('org.assign.addTitle')}</strong>
          <Button size="small" fill="none" onClick={onClose}>
            {t('org.cancel')}
          </Button>
        </div>
        <SearchBar
          placeholder={t('org.assign.searchHousehold')}
          value={search}
          onChange={setSearch}
          style={{ '--height': '40px' }}
        />
        {items.length > 0 && (
          <Checkbox
            checked={isAllSelected}
            onChange={(checked) =>
              setSelected(
                checked
                  ? [...new Set([...selected, ...items.map((h) => h.householdId)])]
                  : selected.filter((id) => !items.some((h) => h.householdId === id)),
              )
            }
            style={{ '--font-size': '17px', '--icon-size': '22px' }}
          >
            {t('org.assign.selectAll', { count: items.length })}
          </Checkbox>
        )}
      </div>
      <div style={{ flex: 1, overflowY: 'auto', padding: '0 0 8px' }}>
        {query.isLoading ? (
          <Loading />
        ) : query.error ? (
          <ErrorBlock status="default" title={errorMessage(query.error)} description="" />
        ) : items.length === 0 ? (
          <ErrorBlock
            status="empty"
            title={t('org.assign.noCandidates')}
            description={t('org.assign.noCandidatesHint')}
          />
        ) : (
          <List style={{ '--font-size': '17px' }}>
            {items.map((h) => (
              <List.Item
                key={h.householdId}
                onClick={() => toggle(h.householdId)}
                prefix={
                  <Checkbox
                    checked={selected.includes(h.householdId)}
                    onClick={(e) => e.stopPropagation()}
                    onChange={() => toggle(h.householdId)}
                    style={{ '--icon-size': '22px' }}
                    aria-label={h.householdNo}
                  />
                }
                description={`${h.address || h.nodeName} · ${t('org.assign.members', { count: h.memberCount })}`}
                arrowIcon={false}
              >
                <span className="gz-mono">{h.householdNo}</span> {h.headName ?? ''}
              </List.Item>
            ))}
          </List>
        )}
        {query.hasNextPage && (
          <div style={{ padding: 12 }}>
            <Button block loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('org.loadMore')}
            </Button>
          </div>
        )}
      </div>
      <div
        style={{
          padding: 12,
          borderTop: '1px solid #eee',
          background: '#fff',
          paddingBottom: 'calc(12px + env(safe-area-inset-bottom))',
        }}
      >
        <Button
          block
          color="primary"
          size="large"
          disabled={selected.length === 0}
          loading={assign.isPending}
          onClick={handleConfirm}
        >
          {t('org.assign.confirm', { count: selected.length })}
        </Button>
      </div>
    </Popup>
  );
}

/** Step 2: the chief, his span and his households; swipe or tap 移除 to unlink. */
function ChiefHouseholds({ positionId, onBack }: { positionId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const position = usePosition(positionId);
  const linked = usePositionHouseholds(positionId);
  const unassign = useUnassignHousehold();
  const [isAdding, setAdding] = useState(false);
  const isMobile = useIsMobile();
  const items = useMemo(() => linked.data?.pages.flatMap((p) => p.items) ?? [], [linked.data]);

  const handleRemove = async (householdId: string, householdNo: string) => {
    const isConfirmed = await Dialog.confirm({
      content: t('org.assign.removeConfirm', { no: householdNo }),
      confirmText: t('org.remove'),
      cancelText: t('org.cancel'),
    });
    if (!isConfirmed) return;
    unassign.mutate(
      { id: positionId, householdId },
      {
        onSuccess: (result) => {
          const text = spanText(result.span, t);
          if (result.span.warning)
            void Dialog.alert({
              title: t('org.assign.spanWarning'),
              content: `${text}\n${result.span.warning}`,
              confirmText: t('org.ok'),
            });
          else Toast.show({ icon: 'success', content: `${t('org.assign.removed')}，${text}` });
        },
        onError: (error) => void Dialog.alert({ content: errorMessage(error), confirmText: t('org.ok') }),
      },
    );
  };

  if (position.isLoading) return <Loading />;
  if (position.error || !position.data)
    return <ErrorBlock status="default" title={errorMessage(position.error)} description="" />;
  const p = position.data;
  return (
    <div className="gz-page" style={{ maxWidth: 640, margin: '0 auto', width: '100%', paddingBottom: 72 }}>
      <div style={{ background: '#fff', borderRadius: 8, padding: 16 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <div style={{ fontSize: 20, fontWeight: 600 }}>
            {p.holderName}{' '}
            <Tag color="danger" fill="outline" style={{ verticalAlign: 'middle' }}>
              {p.kindLabel}
            </Tag>
          </div>
          <Button size="small" onClick={onBack}>
            {t('org.assign.change')}
          </Button>
        </div>
        <div className="gz-muted" style={{ marginTop: 4, ...BIG }}>
          {p.nodeName}
        </div>
        <div
          data-testid="span-status"
          style={{ marginTop: 8, fontSize: 22, fontWeight: 600, color: SPAN_HEX[p.span.status] }}
        >
          {spanText(p.span, t)}
        </div>
        {p.span.warning && <div style={{ color: SPAN_HEX.above, marginTop: 4 }}>{p.span.warning}</div>}
      </div>
      <List header={t('org.assign.current', { count: items.length })} style={{ '--font-size': '17px' }}>
        {linked.isLoading && <Loading />}
        {!linked.isLoading && items.length === 0 && <List.Item>{t('org.assign.none')}</List.Item>}
        {items.map((h) => (
          <SwipeAction
            key={`${h.householdId}-${h.coversPositionId ?? ''}`}
            rightActions={
              h.coversPositionId === null
                ? [
                    {
                      key: 'remove',
                      text: t('org.remove'),
                      color: 'danger',
                      onClick: () => void handleRemove(h.householdId, h.householdNo),
                    },
                  ]
                : []
            }
          >
            <List.Item
              description={`${h.address} · ${t('org.assign.members', { count: h.memberCount })}${h.headPhoneMasked ? ` · ${h.headPhoneMasked}` : ''}`}
              extra={
                h.coversPositionId === null ? (
                  <Button
                    size="mini"
                    fill="outline"
                    color="danger"
                    onClick={() => void handleRemove(h.householdId, h.householdNo)}
                  >
                    {t('org.remove')}
                  </Button>
                ) : (
                  <Tag color="primary" fill="outline">
                    {t('org.household.covers', { name: h.coversHolderName ?? '' })}
                  </Tag>
                )
              }
            >
              <span className="gz-mono">{h.householdNo}</span> {h.headName ?? ''}
            </List.Item>
          </SwipeAction>
        ))}
      </List>
      {linked.hasNextPage && (
        <Button block loading={linked.isFetchingNextPage} onClick={() => void linked.fetchNextPage()}>
          {t('org.loadMore')}
        </Button>
      )}
      {p.isActive && (
        <div style={{ position: 'sticky', bottom: isMobile ? 64 : 16, zIndex: 5 }}>
          <Button block color="primary" size="large" onClick={() => setAdding(true)}>
            {t('org.assign.add')}
          </Button>
        </div>
      )}
      <CandidatePopup positionId={positionId} visible={isAdding} onClose={() => setAdding(false)} />
    </div>
  );
}

/** 联户分配, made for the community worker's phone: pick a chief, see his households, add or remove. */
export default function AssignPage() {
  const [params, setParams] = useSearchParams();
  const positionId = params.get('position');
  const setPosition = (id: string | null) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (id) next.set('position', id);
      else next.delete('position');
      return next;
    });
  return positionId ? (
    <ChiefHouseholds positionId={positionId} onBack={() => setPosition(null)} />
  ) : (
    <ChiefPicker onPick={setPosition} />
  );
}
