import { describe, expect, it } from 'vitest';
import { childPath, generatedCode, isValidParentLevel, rebasePath, wouldCreateCycle } from './territory-tree.ts';

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
});
