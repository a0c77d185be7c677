import type { TerritoryNode } from '@gongzhi/contract/territory';
import { useQueryClient } from '@tanstack/react-query';
import { Flex, Tag, Tree, type TreeDataNode } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingBlock } from '../../../components/ui/query-state.tsx';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { territoryChildrenQuery, useTerritoryBranches } from '../api/use-territory-children.ts';
import { useTerritoryRoots } from '../api/use-territory-roots.ts';
import { InlineCounts } from './node-counts.tsx';

function NodeTitle({ node }: { node: TerritoryNode }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const name = (
    <Flex align="center" gap={6} wrap={false}>
      <span style={{ fontWeight: node.level === 'community' ? 600 : undefined, whiteSpace: 'nowrap' }}>
        {node.name}
      </span>
      <Tag
        bordered={false}
        style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px', paddingInline: 5 }}
      >
        {node.levelName}
      </Tag>
      {!node.isActive && (
        <Tag color="default" style={{ marginInlineEnd: 0, fontSize: 11 }}>
          {t('territory.retired')}
        </Tag>
      )}
    </Flex>
  );
  // Phones put the counts under the name: a 375 px drawer has no room beside it.
  return (
    <Flex
      vertical={isMobile}
      align={isMobile ? 'flex-start' : 'center'}
      gap={isMobile ? 0 : 6}
      style={{ minWidth: 0, padding: isMobile ? '2px 0' : undefined }}
    >
      {name}
      <InlineCounts counts={node.counts} />
    </Flex>
  );
}

/** The territory tree, one level loaded per expand; the open branches stay in sync with the cache. */
export function TerritoryTree({
  selectedId,
  onSelect,
  expandedKeys,
  onExpand,
  includeRetired,
}: {
  selectedId: string | undefined;
  onSelect: (node: TerritoryNode) => void;
  expandedKeys: string[];
  onExpand: (keys: string[]) => void;
  includeRetired: boolean;
}) {
  const queryClient = useQueryClient();
  const roots = useTerritoryRoots(includeRetired);
  const branches = useTerritoryBranches(expandedKeys, includeRetired);

  const treeData = useMemo(() => {
    const childrenOf = new Map<string, TerritoryNode[]>();
    expandedKeys.forEach((id, i) => {
      const items = branches[i]?.data?.items;
      if (items) childrenOf.set(id, items);
    });
    const build = (node: TerritoryNode): TreeDataNode & { node: TerritoryNode } => {
      const children = childrenOf.get(node.id);
      return {
        key: node.id,
        title: <NodeTitle node={node} />,
        isLeaf: node.childCount === 0 && (!includeRetired || children?.length === 0),
        children: children?.map(build),
        node,
      };
    };
    return (roots.data?.items ?? []).map(build);
  }, [roots.data, branches, expandedKeys, includeRetired]);

  if (roots.isLoading) return <LoadingBlock rows={6} />;
  if (roots.error) return <ErrorState error={roots.error} onRetry={() => void roots.refetch()} />;
  if (treeData.length === 0) return <EmptyState />;

  return (
    <Tree
      className="gz-tree"
      blockNode
      showLine={{ showLeafIcon: false }}
      treeData={treeData}
      expandedKeys={expandedKeys}
      selectedKeys={selectedId ? [selectedId] : []}
      onExpand={(keys) => onExpand(keys.map(String))}
      loadData={(data) =>
        queryClient.ensureQueryData(territoryChildrenQuery(String(data.key), includeRetired))
      }
      onSelect={(_, info) => onSelect((info.node as unknown as { node: TerritoryNode }).node)}
    />
  );
}
