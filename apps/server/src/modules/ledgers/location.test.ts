import { describe, expect, it } from 'vitest';
import { PlaceIndex, type PlaceNode, resolvePlace } from './location.ts';

const node = (id: string, parentId: string | null, level: string, name: string, path: string): PlaceNode => ({
  id,
  parentId,
  level,
  code: `C-${id}`,
  name,
  path,
});
const community = node('c', null, 'community', '五里堆', 'n1');
const index = new PlaceIndex(community, [
  node('a', 'c', 'area', '第一片区', 'n1.n2'),
  node('e', 'a', 'estate', '幸福小区', 'n1.n2.n3'),
  node('b1', 'e', 'building', '1栋', 'n1.n2.n3.n4'),
  node('a2', 'c', 'area', '第二片区', 'n1.n5'),
  node('e2', 'a2', 'estate', '和平小区', 'n1.n5.n6'),
  node('b2', 'e2', 'building', '1栋', 'n1.n5.n6.n7'),
]);
const place = (p: Partial<Record<'area' | 'group' | 'estate' | 'building', string>>) =>
  resolvePlace(index, { area: null, group: null, estate: null, building: null, ...p });

describe('matching place columns to the territory tree', () => {
  it('finds a building by name below its estate, or by code alone', () => {
    expect(place({ estate: '和平小区', building: '1栋' })).toMatchObject({ ok: true, node: { id: 'b2' } });
    expect(place({ building: 'C-b1' })).toMatchObject({ ok: true, node: { id: 'b1' } });
    expect(place({})).toMatchObject({ ok: true, node: { id: 'c' } });
  });

  it('asks for a code when a name is ambiguous, and names the column of an unknown place', () => {
    expect(place({ building: '1栋' })).toEqual({
      ok: false,
      column: '楼栋',
      message: '有 2 个名为“1栋”的楼栋，请填写其编码以区分',
    });
    expect(place({ area: '第一片区', estate: '和平小区' })).toMatchObject({ ok: false, column: '小区' });
  });

  it('gives the names above a node by level', () => {
    expect([...index.lineage('b1')]).toEqual([
      ['building', '1栋'],
      ['estate', '幸福小区'],
      ['area', '第一片区'],
    ]);
  });
});
