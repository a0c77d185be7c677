import { describe, expect, it } from 'vitest';
import { cellDate, cellText, isLostDigits, locateHeader, normaliseHeader } from './index.ts';

const specs = [
  { key: 'name', header: '姓名', isRequired: true },
  { key: 'id', header: '公民身份号码', aliases: ['身份证号'], isRequired: true },
  { key: 'estate', header: '小区' },
  { key: 'building', header: '楼栋' },
  { key: 'phone', header: '联系电话' },
] as const;

describe('spreadsheet helpers', () => {
  it('finds the header below a title row and across a two-level merged header', () => {
    const layout = locateHeader(
      [
        { rowNo: 1, values: ['某社区花名册', null, null, null, null] },
        { rowNo: 2, values: ['姓名', '身份证号 *', '住址', null, '联系电话'] },
        { rowNo: 3, values: [null, null, '小区', '楼栋', null] },
        { rowNo: 4, values: ['张三', '1', '幸福', '1栋', '138'] },
      ],
      specs,
    );
    expect(Object.fromEntries(layout.columns)).toEqual({ name: 0, id: 1, estate: 2, building: 3, phone: 4 });
    expect(layout.lastHeaderRow).toBe(3);
    expect(layout.missing).toEqual([]);
  });

  it('reports missing required headers', () => {
    const layout = locateHeader([{ rowNo: 1, values: ['姓名', '小区', '楼栋', '证件'] }], specs);
    expect(layout.missing.map((s) => s.header)).toEqual(['公民身份号码']);
  });

  it('normalises header spelling and reads cells', () => {
    expect(normaliseHeader(' 人口类型（户籍/常住）* ')).toBe('人口类型');
    expect(cellText(13812345678)).toBe('13812345678');
    expect(cellText('  ')).toBeNull();
    expect(isLostDigits(430304196003151000)).toBe(true);
    expect(isLostDigits('4.30304E+17')).toBe(true);
    expect(isLostDigits('430304196003150112')).toBe(false);
    expect(cellDate('1990/1/5')).toEqual({ ok: true, date: '1990-01-05' });
    expect(cellDate('19900105')).toEqual({ ok: true, date: '1990-01-05' });
    expect(cellDate(32878)).toEqual({ ok: true, date: '1990-01-05' });
    expect(cellDate('1990-02-30')).toEqual({ ok: false });
  });
});
