import {
  cancelImport,
  commitImport,
  createImport,
  getImport,
  type ImportMode,
  listImportIssues,
  previewImport,
} from '@gongzhi/contract/ledgers';
import { listTerritoryChildren, listTerritoryRoots } from '@gongzhi/contract/territory';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, upload } from '../../../lib/api-client.ts';

export const ledgerKeys = {
  all: ['ledgers'] as const,
  roots: ['ledgers', 'roots'] as const,
  batch: (id: string) => ['ledgers', 'batch', id] as const,
  issues: (id: string) => ['ledgers', 'issues', id] as const,
  preview: (id: string) => ['ledgers', 'preview', id] as const,
};

const POLL_MS = 800;

/**
 * The node pages start on: the caller's community (walking down from a district or 街道 root through the first
 * child), else the first root.
 */
export function useDefaultCommunity() {
  return useQuery({
    queryKey: ledgerKeys.roots,
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

/** The batch, polled while the server validates or commits it in the background. */
export function useImportBatch(id: string | null) {
  return useQuery({
    queryKey: ledgerKeys.batch(id ?? ''),
    queryFn: () => call(getImport, { params: { id: id ?? '' } }),
    enabled: Boolean(id),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'validating' || status === 'committing' ? POLL_MS : false;
    },
  });
}

export function useImportIssues(id: string | null, isEnabled: boolean) {
  return useInfiniteQuery({
    queryKey: ledgerKeys.issues(id ?? ''),
    queryFn: ({ pageParam }) =>
      call(listImportIssues, { params: { id: id ?? '' }, query: { cursor: pageParam, limit: 100 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: isEnabled && Boolean(id),
  });
}

export function useImportPreview(id: string | null, isEnabled: boolean) {
  return useQuery({
    queryKey: ledgerKeys.preview(id ?? ''),
    queryFn: () => call(previewImport, { params: { id: id ?? '' } }),
    enabled: isEnabled && Boolean(id),
  });
}

export function useUploadImport() {
  return useMutation({
    mutationFn: ({
      file,
      kind,
      communityId,
    }: {
      file: File;
      kind: 'residents' | 'chiefs';
      communityId: string;
    }) => {
      // Text fields first: the server reads the parts in order.
      const form = new FormData();
      form.append('kind', kind);
      form.append('communityId', communityId);
      form.append('file', file, file.name);
      return upload(createImport, form);
    },
  });
}

export function useCommitImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, mode }: { id: string; mode: ImportMode }) =>
      call(commitImport, { params: { id }, body: { mode } }),
    onSuccess: (batch) => queryClient.setQueryData(ledgerKeys.batch(batch.id), batch),
  });
}

export function useCancelImport() {
  return useMutation({ mutationFn: (id: string) => call(cancelImport, { params: { id } }) });
}
