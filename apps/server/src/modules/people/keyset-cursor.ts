import { AppError } from '../../platform/errors.ts';

/**
 * Opaque keyset cursors: the sort key and id of the last row of a page, base64url-encoded JSON, so that the
 * next page starts strictly after it whatever rows were added meanwhile.
 */
export interface KeysetPosition {
  key: string;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

/** @throws VALIDATION_FAILED naming `cursor` when it was not made by encodeCursor. */
export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw new AppError('VALIDATION_FAILED', '分页游标无效，请从第一页重新加载', { cursor: '分页游标无效' });
}

/** Cuts a `limit + 1` result to one page and makes the cursor of the next page, if there is one. */
export function pageFrom<T>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => KeysetPosition,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(positionOf(items[items.length - 1]!)) };
}
