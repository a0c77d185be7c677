import dayjs from 'dayjs';

/** `2026-11-22 14:05` in the browser's time zone (business users are in Asia/Shanghai). */
export function formatDateTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDate(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '—';
}

export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}
