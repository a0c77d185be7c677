import {
  getTerritoryNode,
  listTerritoryChildren,
  listTerritoryRoots,
  searchTerritoryNodes,
  type TerritoryNode,
} from '@gongzhi/contract/territory';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api-client.ts';
import { useDebounced } from '../../lib/use-debounced.ts';

interface Option {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
}

function toOption(node: TerritoryNode, excludeId?: string): Option {
  const isExcluded = node.id === excludeId;
  return {
    id: node.id,
    pId: node.parentId,
    value: node.id,
    title: `${node.name}（${node.levelName}）`,
    // An excluded node is shown but neither selectable nor expandable: a node cannot move below itself.
    isLeaf: isExcluded || node.childCount === 0,
    disabled: isExcluded,
  };
}

/**
 * Picks a territory node from the tree the caller may see, loading each level as it is opened. Shared by the
 * territory, people and organisation pages.
 */
export function TerritoryNodeSelect({
  value,
  onChange,
  excludeId,
  placeholder,
  allowClear = true,
  style,
  size,
}: {
  value?: string | null;
  onChange?: (id: string | undefined) => void;
  /** A node hidden with its subtree (the node being moved). */
  excludeId?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  size?: 'small' | 'middle' | 'large';
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [loaded, setLoaded] = useState<Option[]>([]);
  const [searchText, setSearchText] = useState('');
  const q = useDebounced(searchText.trim(), 300);
  // Typing searches the whole scope on the server: a building deep in the tree is found without opening it.
  const hits = useQuery({
    queryKey: ['territory', 'search', q],
    queryFn: () => call(searchTerritoryNodes, { query: { q, limit: 30 } }),
    enabled: q.length > 0,
  });
  const roots = useQuery({
    queryKey: ['territory', 'roots', false],
    queryFn: () => call(listTerritoryRoots, { query: { includeRetired: 'false' } }),
  });
  const isKnown =
    !value || loaded.some((o) => o.id === value) || roots.data?.items.some((n) => n.id === value);
  const current = useQuery({
    queryKey: ['territory', 'node', value ?? ''],
    queryFn: () => call(getTerritoryNode, { params: { id: value ?? '' } }),
    enabled: !isKnown,
  });

  const hitOptions = useMemo<Option[]>(
    () =>
      (hits.data?.items ?? []).map((hit) => ({
        id: hit.id,
        pId: null,
        value: hit.id,
        title: hit.fullName,
        isLeaf: true,
        disabled: hit.id === excludeId,
      })),
    [hits.data, excludeId],
  );

  const treeData = useMemo(() => {
    const options = new Map<string, Option>();
    for (const node of roots.data?.items ?? [])
      options.set(node.id, { ...toOption(node, excludeId), pId: null });
    for (const option of loaded) if (!options.has(option.id)) options.set(option.id, option);
    if (!isKnown && current.data)
      options.set(current.data.node.id, { ...toOption(current.data.node, excludeId), pId: null });
    return [...options.values()];
  }, [roots.data, loaded, excludeId, isKnown, current.data]);

  const loadData = async (node: { value?: unknown }) => {
    const parentId = String(node.value);
    const children = await queryClient.fetchQuery({
      queryKey: ['territory', 'children', parentId, false],
      queryFn: async () => {
        const list = await call(listTerritoryChildren, {
          params: { id: parentId },
          query: { includeRetired: 'false' },
        });
        return {
          ...list,
          items: [...list.items].sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true })),
        };
      },
    });
    setLoaded((previous) => [
      ...previous.filter((o) => o.pId !== parentId),
      ...children.items.map((n) => toOption(n, excludeId)),
    ]);
  };

  return (
    <TreeSelect
      treeDataSimpleMode
      treeData={q ? hitOptions : treeData}
      loadData={loadData}
      value={value ?? undefined}
      onChange={(next: string | undefined) => {
        const hit = hitOptions.find((o) => o.id === next);
        // Keep a node picked from the search results labelled once the search is cleared.
        if (hit) setLoaded((previous) => [...previous.filter((o) => o.id !== hit.id), hit]);
        setSearchText('');
        onChange?.(next);
      }}
      placeholder={placeholder ?? t('territory.pickNode')}
      allowClear={allowClear}
      showSearch={{ searchValue: searchText, onSearch: setSearchText, filterTreeNode: false }}
      loading={roots.isLoading || hits.isFetching}
      notFoundContent={q && !hits.isFetching ? t('territory.noMatch') : undefined}
      style={{ minWidth: 200, ...style }}
      size={size}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 280 } } }}
    />
  );
}
