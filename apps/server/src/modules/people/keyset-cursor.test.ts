import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageFrom } from './keyset-cursor.ts';

const ID = '0b6c1a43-59a6-4d84-9f43-b4b1b53c1e77';

describe('keyset cursors', () => {
  it('round-trips a sort key with Chinese and spaces', () => {
    const cursor = encodeCursor({ key: 'zhang san 张', id: ID });
    expect(decodeCursor(cursor)).toEqual({ key: 'zhang san 张', id: ID });
  });

  it('reads no cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it('refuses a forged cursor naming the field', () => {
    for (const bad of [
      'not-base64-json',
      Buffer.from('["a"]').toString('base64url'),
      Buffer.from('["a","x"]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', fields: { cursor: '分页游标无效' } }),
      );
    }
  });

  it('cuts limit + 1 rows to a page with the next cursor at its last row', () => {
    const rows = [1, 2, 3].map((n) => ({ key: `k${n}`, id: ID.replace('0b6c', `000${n}`) }));
    const page = pageFrom(rows, 2, (r) => r);
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual(rows[1]);
    expect(pageFrom(rows, 3, (r) => r).nextCursor).toBeNull();
  });
});
