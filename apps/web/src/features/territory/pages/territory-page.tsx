import { ApartmentOutlined } from '@ant-design/icons';
import type { TerritoryNode } from '@gongzhi/contract/territory';
import { Button, Card, Drawer, Flex, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState } from '../../../components/ui/query-state.tsx';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { useTerritoryBranches } from '../api/use-territory-children.ts';
import { useTerritoryNode } from '../api/use-territory-node.ts';
import { useTerritoryRoots } from '../api/use-territory-roots.ts';
import { NodeDetail } from '../components/node-detail.tsx';
import { TerritoryTree } from '../components/territory-tree.tsx';

/** 辖区: the tree on the left, the selected node on the right (on phones the tree opens in a drawer). */
export default function TerritoryPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [includeRetired, setIncludeRetired] = useState(false);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [isTreeOpen, setTreeOpen] = useState(false);
  const collapsedByUser = useRef(new Set<string>());
  const roots = useTerritoryRoots(includeRetired);
  const branches = useTerritoryBranches(expandedKeys, includeRetired);

  // 区 and 街道 above a single community are only containers: open the chain down to the community and show it.
  const chain: TerritoryNode[] = [];
  let current = roots.data?.items.length === 1 ? roots.data.items[0] : undefined;
  while (current) {
    chain.push(current);
    if (current.level !== 'district' && current.level !== 'subdistrict') break;
    const children = branches[expandedKeys.indexOf(current.id)]?.data?.items;
    current = children?.length === 1 ? children[0] : undefined;
  }
  const selectedId = params.get('node') ?? chain.at(-1)?.id ?? roots.data?.items[0]?.id;
  const selected = useTerritoryNode(selectedId);

  useEffect(() => {
    if (!roots.data) return;
    // The selected node stays visible in the tree: its ancestors open (unless the user closed one).
    const wanted = [
      ...roots.data.items.map((n) => n.id),
      ...chain.filter((n) => n.childCount > 0).map((n) => n.id),
      ...(selected.data?.ancestors.filter((a) => a.isInScope).map((a) => a.id) ?? []),
    ];
    const missing = wanted.filter((id) => !expandedKeys.includes(id) && !collapsedByUser.current.has(id));
    if (missing.length > 0) setExpandedKeys((keys) => [...keys, ...missing]);
  });

  const select = (id: string) => {
    setParams({ node: id });
    setTreeOpen(false);
  };

  const tree = (
    <TerritoryTree
      selectedId={selectedId}
      onSelect={(node) => select(node.id)}
      expandedKeys={expandedKeys}
      onExpand={(keys) => {
        for (const id of expandedKeys) if (!keys.includes(id)) collapsedByUser.current.add(id);
        setExpandedKeys(keys);
      }}
      includeRetired={includeRetired}
    />
  );
  const retiredSwitch = (
    <Flex align="center" gap={6}>
      <Switch size="small" checked={includeRetired} onChange={setIncludeRetired} />
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('territory.showRetired')}
      </Typography.Text>
    </Flex>
  );

  return (
    <div className="gz-page">
      <PageHeader
        title={t('territory.title')}
        subtitle={t('territory.subtitle')}
        extra={
          isMobile && (
            <Button icon={<ApartmentOutlined />} onClick={() => setTreeOpen(true)}>
              {t('territory.tree')}
            </Button>
          )
        }
      />
      {isMobile ? (
        <>
          {selectedId ? (
            <NodeDetail nodeId={selectedId} onSelect={select} />
          ) : (
            <Card>
              <EmptyState />
            </Card>
          )}
          <Drawer
            title={t('territory.tree')}
            placement="left"
            size="92%"
            open={isTreeOpen}
            onClose={() => setTreeOpen(false)}
            extra={retiredSwitch}
          >
            {tree}
          </Drawer>
        </>
      ) : (
        <Flex gap={16} align="flex-start">
          <Card
            title={t('territory.tree')}
            extra={retiredSwitch}
            style={{ width: 420, flexShrink: 0, position: 'sticky', top: 88 }}
            styles={{ body: { padding: 12, maxHeight: 'calc(100vh - 200px)', overflow: 'auto' } }}
          >
            {tree}
          </Card>
          <div style={{ flex: 1, minWidth: 0 }}>
            {selectedId ? (
              <NodeDetail nodeId={selectedId} onSelect={select} />
            ) : (
              <Card>
                <EmptyState description={t('territory.pickNodeHint')} />
              </Card>
            )}
          </div>
        </Flex>
      )}
    </div>
  );
}
