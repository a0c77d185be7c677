import { createOpen311ApiKey, listOpen311ApiKeys, revokeOpen311ApiKey } from '@gongzhi/contract/open311';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

const keys = ['open311', 'api-keys'] as const;

export function useOpen311Keys() {
  return useQuery({ queryKey: keys, queryFn: () => call(listOpen311ApiKeys, {}) });
}

/** Creates a key; the response carries the secret, shown once. */
export function useCreateOpen311Key() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call(createOpen311ApiKey, { body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys }),
  });
}

export function useRevokeOpen311Key() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(revokeOpen311ApiKey, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys }),
  });
}
