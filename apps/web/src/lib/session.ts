import type { Session } from '@gongzhi/contract/identity';
import * as identity from '@gongzhi/contract/identity';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { call, isApiError, setCsrfToken } from './api-client.ts';

export const sessionQueryKey = ['session'] as const;

/** Restores the session after a reload; a 401 means "not logged in", not an error. */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await call(identity.getSession);
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The current session, the permission check and the session actions (login, logout, switch district). */
export function useSession() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: sessionQueryKey,
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const session = query.data ?? null;

  const adopt = useCallback(
    (next: Session | null) => {
      setCsrfToken(next?.csrfToken ?? null);
      // Everything cached belongs to the previous user or district.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData(sessionQueryKey, next);
    },
    [queryClient],
  );

  const login = useMutation({
    mutationFn: (body: { username: string; password: string }) => call(identity.login, { body }),
    onSuccess: adopt,
  });
  const logout = useMutation({
    mutationFn: () => call(identity.logout),
    onSettled: () => adopt(null),
  });
  const switchDistrict = useMutation({
    mutationFn: (districtId: string) => call(identity.switchDistrict, { body: { districtId } }),
    onSuccess: adopt,
  });

  const can = useCallback(
    (permission: string | undefined) => !permission || Boolean(session?.permissions.includes(permission)),
    [session],
  );

  return {
    session,
    isLoading: query.isLoading,
    error: query.error,
    can,
    adopt,
    login,
    logout,
    switchDistrict,
  };
}
