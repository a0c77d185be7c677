import { listTerritoryChildren } from '@gongzhi/contract/territory';
import { useQueries, useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

/** Children in code order (the order they were created: 第一片区 before 第二片区, 2栋 before 10栋). */
export function byCode(a: { code: string }, b: { code: string }): number {
  return a.code.localeCompare(b.code, 'en', { numeric: true });
}

export function territoryChildrenQuery(id: string, includeRetired = false) {
  return {
    queryKey: territoryKeys.children(id, includeRetired),
    queryFn: async () => {
      const list = await call(listTerritoryChildren, {
        params: { id },
        query: { includeRetired: includeRetired ? 'true' : 'false' },
      });
      return { ...list, items: [...list.items].sort(byCode) };
    },
  };
}

export function useTerritoryChildren(id: string | undefined, includeRetired = false) {
  return useQuery({ ...territoryChildrenQuery(id ?? '', includeRetired), enabled: Boolean(id) });
}

/** The children of every expanded tree node, kept fresh by the cache (a rename refetches the open branches). */
export function useTerritoryBranches(ids: readonly string[], includeRetired = false) {
  return useQueries({ queries: ids.map((id) => territoryChildrenQuery(id, includeRetired)) });
}
