import { describe, expect, it } from 'vitest';
import { locateHeader } from '../../platform/spreadsheet/index.ts';
import { CHIEF_COLUMNS, mapChiefRow } from './chiefs.spreadsheet.ts';

const layout = locateHeader([{ rowNo: 1, values: CHIEF_COLUMNS.map((c) => c.header) }], CHIEF_COLUMNS);
const map = (cells: unknown[]) => mapChiefRow(3, cells as never, layout.columns);

describe('chiefs roster row mapping', () => {
  it('maps level, origin, dates and the household list', () => {
    const r = map([
      '刘芳',
      '邻长',
      '党员',
      '13900001111',
      '1栋',
      'H1;H2；H3、H1',
      '推选',
      '2024-01-01',
      '2026-12-31',
    ]);
    expect(r).toEqual({
      ok: true,
      row: {
        name: '刘芳',
        kind: 'neighbour_chief',
        identity: '党员',
        phone: '13900001111',
        nodeRef: '1栋',
        householdNos: ['H1', 'H2', 'H3'],
        origin: 'elected',
        validFrom: '2024-01-01',
        validTo: '2026-12-31',
      },
    });
  });

  it('refuses administrator posts, unknown origins, bad phones and reversed dates, naming the column', () => {
    const r = map(['某', '书记', null, '123', '1栋', null, '抽签', '2024-05-01', '2024-01-01']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.column)).toEqual(['层级', '电话', '产生方式', '任职结束']);
  });
});
