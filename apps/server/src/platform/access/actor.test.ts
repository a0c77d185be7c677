import { describe, expect, it } from 'vitest';
import { type Actor, canAtNode, isWithin, scopeOf } from './actor.ts';

const base: Actor = {
  userId: 'u',
  username: 'u',
  displayName: 'u',
  isSuperuser: false,
  districtId: '430304',
  positions: [],
};

describe('isWithin', () => {
  it('matches the node itself and its descendants, not siblings sharing a prefix', () => {
    expect(isWithin('n1.n2', ['n1.n2'])).toBe(true);
    expect(isWithin('n1.n2.n9', ['n1.n2'])).toBe(true);
    expect(isWithin('n1.n22', ['n1.n2'])).toBe(false);
    expect(isWithin('n1', ['n1.n2'])).toBe(false);
  });
});

describe('scopeOf', () => {
  it('gives a 片长 her 片区 subtree for the registry, but not the audit log', () => {
    const actor = {
      ...base,
      positions: [{ id: 'p', kind: 'area_chief' as const, nodeId: 'a', nodePath: 'n1.n2' }],
    };
    expect(canAtNode(actor, 'registry.view', 'n1.n2.n5')).toBe(true);
    expect(canAtNode(actor, 'registry.view', 'n1.n3')).toBe(false);
    expect(canAtNode(actor, 'audit.view', 'n1.n2')).toBe(false);
  });

  it('gives a 邻长 only his linked households, never a subtree', () => {
    const actor = {
      ...base,
      positions: [{ id: 'p9', kind: 'neighbour_chief' as const, nodeId: 'a', nodePath: 'n1' }],
    };
    const scope = scopeOf(actor, 'registry.view');
    expect(scope.paths).toEqual([]);
    expect(scope.linkedPositionIds).toEqual(['p9']);
    expect(canAtNode(actor, 'registry.view', 'n1.n2')).toBe(false);
    expect(scopeOf(actor, 'registry.edit').linkedPositionIds).toEqual([]);
  });

  it('unions several positions', () => {
    const actor = {
      ...base,
      positions: [
        { id: 'a', kind: 'neighbour_chief' as const, nodeId: 'x', nodePath: 'n1' },
        { id: 'b', kind: 'grid_worker' as const, nodeId: 'y', nodePath: 'n1.n7' },
      ],
    };
    const scope = scopeOf(actor, 'registry.view');
    expect(scope.paths).toEqual(['n1.n7']);
    expect(scope.linkedPositionIds).toEqual(['a']);
  });

  it('lets a superuser act everywhere', () => {
    expect(scopeOf({ ...base, isSuperuser: true }, 'audit.view').everywhere).toBe(true);
  });
});
