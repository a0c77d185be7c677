import {
  countMyUnreadNotifications,
  listDevOutbox,
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '@gongzhi/contract/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => [...notificationKeys.all, 'unread'] as const,
  inbox: (unreadOnly: boolean) => [...notificationKeys.all, 'inbox', unreadOnly] as const,
  outbox: (status: string | undefined) => [...notificationKeys.all, 'outbox', status] as const,
};

// New notifications arrive from other people's actions; the bell polls for them.
const UNREAD_POLL_MS = 30_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: () => call(countMyUnreadNotifications),
    refetchInterval: UNREAD_POLL_MS,
  });
}

/** The caller's notifications, newest first, 20 a page. */
export function useInbox(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: notificationKeys.inbox(unreadOnly),
    queryFn: ({ pageParam }) =>
      call(listMyNotifications, {
        query: { unreadOnly: unreadOnly ? 'true' : 'false', limit: 20, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(markNotificationRead, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(markAllNotificationsRead),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** 开发发件箱: the district's outbound messages, newest first, 50 a page. */
export function useDevOutbox(status: 'pending' | 'sent' | 'failed' | undefined) {
  return useInfiniteQuery({
    queryKey: notificationKeys.outbox(status),
    queryFn: ({ pageParam }) => call(listDevOutbox, { query: { status, limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
