import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageFrom } from './keyset-cursor.ts';

const ID = '0b6c1a43-59a6-4d84-9f43-b4b1b53c1e77';

describe('keyset cursors', () => {
  it('round-trips sort values with Chinese and spaces', () => {
    expect(decodeCursor(encodeCursor(['zhang san 张', ID]), 2)).toEqual(['zhang san 张', ID]);
  });

  it('reads no cursor as the first page', () => {
    expect(decodeCursor(undefined, 2)).toBeNull();
    expect(decodeCursor('', 2)).toBeNull();
  });

  it('refuses a forged or foreign cursor naming the field', () => {
    for (const bad of ['not-base64-json', encodeCursor(['a']), Buffer.from('[1,2]').toString('base64url')]) {
      expect(() => decodeCursor(bad, 2)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          fields: { cursor: '分页游标无效，请从第一页重新加载' },
        }),
      );
    }
  });

  it('cuts limit + 1 rows to a page with the next cursor at its last row', () => {
    const rows = [1, 2, 3].map((n) => ({ key: `k${n}`, id: `id${n}` }));
    const page = pageFrom(
      rows,
      2,
      (r) => r.key,
      (r) => [r.key, r.id],
    );
    expect(page.items).toEqual(['k1', 'k2']);
    expect(decodeCursor(page.nextCursor!, 2)).toEqual(['k2', 'id2']);
    expect(
      pageFrom(
        rows,
        3,
        (r) => r.key,
        (r) => [r.key, r.id],
      ).nextCursor,
    ).toBeNull();
  });
});
