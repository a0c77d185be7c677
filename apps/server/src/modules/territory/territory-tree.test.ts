import { describe, expect, it } from 'vitest';
import {
  childPath,
  defaultLevelTemplate,
  generatedCode,
  isValidParentLevel,
  levelNamesOf,
  moveProblem,
  outermostPaths,
  rebasePath,
  wouldCreateCycle,
} from './territory-tree.ts';

describe('territory tree', () => {
  it('generates stable codes below community level', () => {
    expect(generatedCode('430304008004', 'area', 1)).toBe('430304008004-PQ0001');
    expect(generatedCode('430304008004', 'building', 123)).toBe('430304008004-LD0123');
  });

  it('builds and rebases ltree paths', () => {
    expect(childPath(null, 1)).toBe('n1');
    expect(childPath('n1.n2', 7)).toBe('n1.n2.n7');
    expect(rebasePath('n1.n2.n7.n9', 'n1.n2.n7', 'n1.n3.n7')).toBe('n1.n3.n7.n9');
    expect(() => rebasePath('n1.n22', 'n1.n2', 'n5')).toThrow();
  });

  it('refuses moving a node under its own subtree', () => {
    expect(wouldCreateCycle('n1.n2', 'n1.n2.n3')).toBe(true);
    expect(wouldCreateCycle('n1.n2', 'n1.n2')).toBe(true);
    expect(wouldCreateCycle('n1.n2', 'n1.n22')).toBe(false);
  });

  it('keeps official levels in their order and free levels below community', () => {
    expect(isValidParentLevel('district', 'subdistrict')).toBe(true);
    expect(isValidParentLevel('district', 'community')).toBe(false);
    expect(isValidParentLevel('community', 'area')).toBe(true);
    expect(isValidParentLevel('area', 'building')).toBe(true);
    expect(isValidParentLevel('building', 'area')).toBe(false);
    expect(isValidParentLevel('subdistrict', 'area')).toBe(false);
  });

  it('keeps only the outermost of nested scope paths', () => {
    expect(outermostPaths(['n1.n2.n5', 'n1.n2', 'n1.n22', 'n1.n2'])).toEqual(['n1.n2', 'n1.n22']);
    expect(outermostPaths([])).toEqual([]);
  });

  it('names levels as the community does, falling back to national labels', () => {
    const template = defaultLevelTemplate();
    template.levels = template.levels.map((l) => (l.level === 'area' ? { ...l, name: '片' } : l));
    const names = levelNamesOf(template);
    expect(names.area).toBe('片');
    expect(names.building).toBe('楼栋');
    expect(names.community).toBe('社区/村');
    expect(levelNamesOf(null).area).toBe('片区');
  });

  it('tells why a move is refused', () => {
    const community = { node: 'n1.n2.n3', parent: 'n1.n2.n3' };
    const estate = { level: 'estate' as const, path: 'n1.n2.n3.n10' };
    expect(moveProblem(estate, { level: 'area', path: 'n1.n2.n3.n11' }, community)).toBeNull();
    expect(moveProblem(estate, { level: 'building', path: 'n1.n2.n3.n10.n12' }, community)).toBe('cycle');
    expect(moveProblem(estate, { level: 'building', path: 'n1.n2.n3.n13' }, community)).toBe('level');
    expect(
      moveProblem(estate, { level: 'area', path: 'n1.n2.n4.n14' }, { node: 'n1.n2.n3', parent: 'n1.n2.n4' }),
    ).toBe('other_community');
    expect(
      moveProblem(
        { level: 'community', path: 'n1.n2.n3' },
        { level: 'subdistrict', path: 'n1.n5' },
        community,
      ),
    ).toBe('official');
  });
});
