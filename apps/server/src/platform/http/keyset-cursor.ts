import { invalid } from '../errors.ts';

/**
 * Opaque keyset cursors: the sort values of the last row of a page (ending with its id), as base64url JSON,
 * so that the next page starts strictly after it whatever rows were added meanwhile.
 */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** @throws VALIDATION_FAILED naming `cursor` when it is not one we issued with `size` values. */
export function decodeCursor<N extends number>(
  cursor: string | undefined,
  size: N,
): (string[] & { length: N }) | null {
  if (!cursor) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === size && values.every((v) => typeof v === 'string')) {
      return values as string[] & { length: N };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw invalid('cursor', '分页游标无效，请从第一页重新加载');
}

/** Cuts the `limit + 1` rows a keyset query fetched into one page and the cursor of the next, if any. */
export function pageFrom<R, T>(rows: R[], limit: number, present: (r: R) => T, key: (r: R) => string[]) {
  const isMore = rows.length > limit;
  const items = isMore ? rows.slice(0, limit) : rows;
  return {
    items: items.map(present),
    nextCursor: isMore ? encodeCursor(key(items[items.length - 1]!)) : null,
  };
}
