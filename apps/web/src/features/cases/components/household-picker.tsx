import type { HouseholdSummary } from '@gongzhi/contract/people';
import { Button, DotLoading, ErrorBlock, List, Popup, SearchBar } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useIntakeHouseholds } from '../api/use-cases.ts';

/** Position kinds whose holders pick among their own linked households (联户) rather than search an area. */
const LINKED_KINDS = ['household_chief', 'neighbour_chief', 'party_linker'];
export const isLinkedOnlyFor = (positions: readonly { kind: string }[]) =>
  positions.some((p) => LINKED_KINDS.includes(p.kind));

/**
 * Picks the household a proxy intake is about: a 户长/邻长 sees his linked households (联户); a 网格员 or cadre
 * searches the households of his area.
 */
export function HouseholdPicker({
  value,
  onChange,
  isLinkedOnly,
  label,
}: {
  value: HouseholdSummary | null;
  onChange: (household: HouseholdSummary) => void;
  isLinkedOnly: boolean;
  /** What the button says before a pick. */
  label?: string;
}) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const query = useIntakeHouseholds(isLinkedOnly, q, isOpen);
  const items = query.data?.items ?? [];
  return (
    <>
      <Button block className="gz-case-big-button" onClick={() => setOpen(true)}>
        {value ? (
          <span>
            {value.address || value.nodeName}
            {value.headName ? `（${value.headName}）` : ''}
          </span>
        ) : (
          (label ?? t('cases.report.pickHousehold'))
        )}
      </Button>
      <Popup
        visible={isOpen}
        onMaskClick={() => setOpen(false)}
        onClose={() => setOpen(false)}
        bodyStyle={{ height: '75vh', display: 'flex', flexDirection: 'column' }}
        destroyOnClose
      >
        <div style={{ padding: 12 }}>
          <SearchBar
            placeholder={
              isLinkedOnly ? t('cases.report.filterHouseholds') : t('cases.report.searchHouseholds')
            }
            value={search}
            onChange={setSearch}
            style={{ '--height': '44px' }}
          />
        </div>
        <div style={{ flex: 1, overflow: 'auto' }}>
          {!isLinkedOnly && !q ? (
            <ErrorBlock status="empty" title={t('cases.report.searchFirst')} description="" />
          ) : query.isLoading ? (
            <div style={{ padding: 24, textAlign: 'center' }}>
              <DotLoading color="primary" />
            </div>
          ) : query.error ? (
            <ErrorBlock status="default" title={errorMessage(query.error)} description="" />
          ) : items.length === 0 ? (
            <ErrorBlock
              status="empty"
              title={q ? t('cases.report.noHouseholdMatch') : t('cases.report.noLinkedHouseholds')}
              description=""
            />
          ) : (
            <List style={{ '--font-size': '18px' }}>
              {items.map((h) => (
                <List.Item
                  key={h.id}
                  onClick={() => {
                    onChange(h);
                    setOpen(false);
                  }}
                  description={`${t('cases.report.head')}：${h.headName ?? '—'} · ${h.householdNo}`}
                  arrowIcon={false}
                  extra={value?.id === h.id ? '✓' : undefined}
                >
                  {h.address || h.nodeName}
                </List.Item>
              ))}
            </List>
          )}
        </div>
      </Popup>
    </>
  );
}
