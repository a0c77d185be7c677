import { describe, expect, it } from 'vitest';
import { createFieldCrypto } from '../../platform/crypto.ts';
import { locateHeader } from '../../platform/spreadsheet/index.ts';
import { makeIdNumber } from '../people/id-number.ts';
import {
  mapResidentRow,
  NUMBER_CELL_MESSAGE,
  RESIDENT_COLUMNS,
  type TagDef,
} from './residents.spreadsheet.ts';

const crypto = createFieldCrypto(Buffer.from('unit-test-secret-unit-test-secret'));
const tags = new Map<string, TagDef>([
  ['空巢老人', { code: 'empty_nest', nameZh: '空巢老人', isSensitive: false }],
  ['低保', { code: 'dibao', nameZh: '低保', isSensitive: true }],
]);
const layout = locateHeader([{ rowNo: 1, values: RESIDENT_COLUMNS.map((c) => c.header) }], RESIDENT_COLUMNS);
const ID = makeIdNumber('430304', '1960-03-15', 11);

function row(cells: Partial<Record<(typeof RESIDENT_COLUMNS)[number]['key'], string | number | Date>>) {
  const base = { householdNo: 'H1', relation: '户主', name: '王建国', idNumber: ID, ...cells };
  return mapResidentRow(
    7,
    RESIDENT_COLUMNS.map((c) => base[c.key as keyof typeof base] ?? null),
    layout.columns,
    { crypto, tags },
  );
}

describe('居民花名册 column mapping', () => {
  it('maps every template header, including common other names', () => {
    expect(layout.missing).toEqual([]);
    const renamed = locateHeader(
      [
        {
          rowNo: 1,
          values: ['身份证号', '户号', '关系', '姓名 *', '手机', '人口类型(户籍/常住/流动/人户分离)'],
        },
      ],
      RESIDENT_COLUMNS,
    );
    expect([...renamed.columns.keys()]).toEqual([
      'idNumber',
      'householdNo',
      'relation',
      'name',
      'phone',
      'residenceType',
    ]);
    expect(renamed.missing).toEqual([]);
  });

  it('turns a valid row into stored values: encrypted ID, masks, labels mapped to codes', () => {
    const r = row({
      phone: 13812345678,
      residenceType: '流动',
      residenceStatus: '迁出',
      tags: '空巢老人',
      birthDate: new Date(Date.UTC(1960, 2, 15)),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row).toMatchObject({
      householdNo: 'H1',
      isHead: true,
      status: 'moved_out',
      tagCodes: ['empty_nest'],
    });
    expect(r.row.values).toMatchObject({
      gender: 'male',
      birthDate: '1960-03-15',
      phoneMasked: '138****5678',
      residenceType: 'migrant',
    });
    expect(crypto.decrypt(r.row.values.idNoEnc!)).toBe(ID);
  });

  it('names the column of every problem', () => {
    const bad = row({
      gender: '女',
      birthDate: '1961-01-01',
      residenceType: '外地',
      tags: '低保；不存在',
      phone: '12345',
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const by = Object.fromEntries(bad.issues.map((i) => [i.column, i.message]));
    expect(by.人口类型).toContain('外地');
    expect(by.标签).toBeDefined();
    expect(bad.issues.filter((i) => i.column === '标签').map((i) => i.message)).toEqual([
      '“低保”是敏感标签，须记录合法依据，请导入后在居民档案中单独登记',
      '没有名为“不存在”的标签',
    ]);
    expect(by.性别).toContain('与公民身份号码不符');
    expect(by.出生日期).toContain('与公民身份号码不符');
    expect(by.联系电话).toBeDefined();
    expect(bad.issues.every((i) => i.rowNo === 7)).toBe(true);
  });

  it('refuses an ID that Excel stored as a number or in scientific notation, never storing it', () => {
    for (const idNumber of [4.30304196003151e17, '4.30304E+17']) {
      const r = row({ idNumber });
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.issues).toEqual([
          { rowNo: 7, column: '公民身份号码', message: NUMBER_CELL_MESSAGE, severity: 'error' },
        ]);
    }
  });

  it('requires 户编号 and 与户主关系, and bounds lengths', () => {
    const r = row({ householdNo: '', relation: '', unit: 'x'.repeat(21) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.column).sort()).toEqual(['与户主关系', '单元', '户编号'].sort());
  });
});
