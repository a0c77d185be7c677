import { type CreateUserBody, createUser, listUsers, resetPassword } from '@gongzhi/contract/identity';
import { listResidents } from '@gongzhi/contract/people';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

export const accountKeys = {
  all: ['accounts'] as const,
  list: (q: string) => ['accounts', 'list', q] as const,
  residents: (q: string) => ['accounts', 'residents', q] as const,
};

/** Accounts of this district (the server caps the list; search narrows it). */
export function useAccounts(q: string) {
  return useQuery({
    queryKey: accountKeys.list(q),
    queryFn: () => call(listUsers, { query: { q: q || undefined } }),
    placeholderData: keepPreviousData,
  });
}

/** Residents of the registry for the 居民账号 picker; searching starts once something is typed. */
export function useResidentSearch(q: string) {
  return useQuery({
    queryKey: accountKeys.residents(q),
    queryFn: () => call(listResidents, { query: { q, status: 'active', limit: 20 } }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => call(createUser, { body }),
    // Other features' user pickers read the same list.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      call(resetPassword, { params: { id }, body: { password } }),
  });
}
