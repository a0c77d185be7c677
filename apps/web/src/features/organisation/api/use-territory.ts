import {
  getLevelTemplate,
  getTerritoryNode,
  listTerritoryChildren,
  listTerritoryRoots,
} from '@gongzhi/contract/territory';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { organisationKeys } from './keys.ts';

export function useNode(id: string | undefined) {
  return useQuery({
    queryKey: organisationKeys.node(id ?? ''),
    queryFn: () => call(getTerritoryNode, { params: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function useChildNodes(id: string | undefined) {
  return useQuery({
    queryKey: organisationKeys.children(id ?? ''),
    queryFn: () =>
      call(listTerritoryChildren, { params: { id: id ?? '' }, query: { includeRetired: 'false' } }),
    enabled: Boolean(id),
  });
}

/** The community a node belongs to (itself or an ancestor), whose level template holds the span rules. */
export function useCommunityOf(nodeId: string | undefined): string | undefined {
  const node = useNode(nodeId);
  if (!node.data) return undefined;
  if (node.data.node.level === 'community') return node.data.node.id;
  return node.data.ancestors.find((a) => a.level === 'community')?.id;
}

export function useSpanRules(communityId: string | undefined) {
  return useQuery({
    queryKey: organisationKeys.template(communityId ?? ''),
    queryFn: () => call(getLevelTemplate, { params: { communityId: communityId ?? '' } }),
    enabled: Boolean(communityId),
    select: (template) => template.spans,
  });
}

/**
 * The node pages start on: the caller's community (walking down from a district or 街道 root through the first
 * child), else the first root.
 */
export function useDefaultNode() {
  return useQuery({
    queryKey: [...organisationKeys.roots, 'default'],
    queryFn: async () => {
      const roots = await call(listTerritoryRoots, { query: { includeRetired: 'false' } });
      let node = roots.items[0];
      for (let depth = 0; node && node.level !== 'community' && node.childCount > 0 && depth < 3; depth++) {
        const children = await call(listTerritoryChildren, {
          params: { id: node.id },
          query: { includeRetired: 'false' },
        });
        node = children.items[0];
      }
      return node?.level === 'community' ? node : (roots.items[0] ?? null);
    },
  });
}
