import { PositionKindSchema } from '@gongzhi/contract/organisation';
import { describe, expect, it } from 'vitest';
import { POSITION_KINDS } from '../../platform/access/positions.ts';
import {
  type CoverageChief,
  type CoverageLink,
  computeCoverage,
  isLinkerKind,
  kindsPresent,
  percentOf,
  spanRuleFor,
  spanStatus,
  spansForPath,
} from './coverage.ts';

const NEIGHBOUR = {
  positionKind: 'neighbour_chief',
  minHouseholds: 5,
  maxHouseholds: 15,
  targetHouseholds: 10,
};
const households = Array.from({ length: 6 }, (_, i) => ({
  id: `h${i + 1}`,
  householdNo: `00${i + 1}`,
  address: `23栋${i + 1}01`,
}));
const link = (
  householdId: string,
  positionId: string,
  coversPositionId: string | null = null,
  kind = 'neighbour_chief',
): CoverageLink => ({
  householdId,
  positionId,
  kind,
  coversPositionId,
});
const chief = (
  positionId: string,
  holderName: string,
  householdCount: number,
  kind = 'neighbour_chief',
): CoverageChief => ({
  positionId,
  holderName,
  kind,
  householdCount,
  rule: NEIGHBOUR,
});

describe('span rule', () => {
  it('warns below 5 and above 15, not at the boundaries', () => {
    expect(spanStatus(4, NEIGHBOUR, '邻长刘平安')).toMatchObject({
      status: 'below',
      warning: '邻长刘平安现联系 4 户，少于规定的 5–15 户',
    });
    expect(spanStatus(5, NEIGHBOUR, '邻长刘平安')).toMatchObject({ status: 'within', warning: null });
    expect(spanStatus(15, NEIGHBOUR, '邻长刘平安')).toMatchObject({ status: 'within', warning: null });
    expect(spanStatus(16, NEIGHBOUR, '邻长刘平安')).toMatchObject({
      status: 'above',
      warning: '邻长刘平安现联系 16 户，超出规定的 5–15 户',
    });
    expect(spanStatus(0, NEIGHBOUR, 'x').status).toBe('below');
  });

  it('handles open-ended and missing rules', () => {
    const onlyMax = {
      positionKind: 'party_linker',
      minHouseholds: null,
      maxHouseholds: 20,
      targetHouseholds: null,
    };
    expect(spanStatus(0, onlyMax, 'x').status).toBe('within');
    expect(spanStatus(21, onlyMax, '党员甲').warning).toBe('党员甲现联系 21 户，超出规定的 至多 20 户');
    const onlyMin = {
      positionKind: 'group_chief',
      minHouseholds: 60,
      maxHouseholds: null,
      targetHouseholds: 100,
    };
    expect(spanStatus(59, onlyMin, '组长').warning).toBe('组长现联系 59 户，少于规定的 至少 60 户');
    expect(spanStatus(500, onlyMin, '组长').status).toBe('within');
    expect(spanStatus(3, null, 'x')).toMatchObject({ status: 'unruled', minHouseholds: null, warning: null });
    expect(spanStatus(3, { ...onlyMin, minHouseholds: null }, 'x').status).toBe('unruled');
  });

  it('finds the rule of a kind and the template of a path', () => {
    expect(spanRuleFor([NEIGHBOUR], 'neighbour_chief')).toBe(NEIGHBOUR);
    expect(spanRuleFor([NEIGHBOUR], 'group_chief')).toBeNull();
    const templates = [
      { communityPath: 'n1.n2.n3', spans: 'wulidui' },
      { communityPath: 'n1.n2.n30', spans: 'other' },
    ];
    expect(spansForPath('n1.n2.n3.n9', templates, 'default')).toBe('wulidui');
    expect(spansForPath('n1.n2.n30', templates, 'default')).toBe('other');
    expect(spansForPath('n1.n2.n33', templates, 'default')).toBe('default');
  });

  it('knows which kinds link households, and the contract knows every position kind', () => {
    expect(isLinkerKind('neighbour_chief')).toBe(true);
    expect(isLinkerKind('area_chief')).toBe(false);
    expect(PositionKindSchema.options).toEqual([...POSITION_KINDS]);
  });
});

describe('coverage', () => {
  it('is 100 % when every household is linked, with chiefs outside span listed at 4 and 16', () => {
    const links = households.map((h, i) => link(h.id, i < 3 ? 'p1' : 'p2'));
    const report = computeCoverage({
      households,
      links,
      chiefs: [chief('p1', '甲', 4), chief('p2', '乙', 16), chief('p3', '丙', 5), chief('p4', '丁', 15)],
      kind: 'neighbour_chief',
    });
    expect(report).toMatchObject({
      activeHouseholds: 6,
      linkedHouseholds: 6,
      percentage: 100,
      unlinked: [],
      unlinkedCount: 0,
      linkedTwice: [],
      chiefCount: 4,
    });
    expect(report.chiefsOutsideSpan).toEqual([
      {
        positionId: 'p1',
        holderName: '甲',
        householdCount: 4,
        minHouseholds: 5,
        maxHouseholds: 15,
        status: 'below',
      },
      {
        positionId: 'p2',
        holderName: '乙',
        householdCount: 16,
        minHouseholds: 5,
        maxHouseholds: 15,
        status: 'above',
      },
    ]);
  });

  it('lists unlinked households in household-number order, capped, with the full count', () => {
    const report = computeCoverage({
      households: [...households].reverse(),
      links: [link('h2', 'p1')],
      chiefs: [],
      kind: 'neighbour_chief',
      unlinkedLimit: 3,
    });
    expect(report.linkedHouseholds).toBe(1);
    expect(report.percentage).toBe(16.6);
    expect(report.unlinked.map((h) => h.id)).toEqual(['h1', 'h3', 'h4']);
    expect(report.unlinkedCount).toBe(5);
  });

  it('counts a household linked twice once, and reports it as linked twice', () => {
    const report = computeCoverage({
      households,
      links: [link('h1', 'p1'), link('h1', 'p2'), link('h2', 'p1'), link('h2', 'p1')],
      chiefs: [chief('p1', '甲', 2), chief('p2', '乙', 1)],
      kind: 'neighbour_chief',
    });
    expect(report.linkedHouseholds).toBe(2);
    expect(report.linkedTwice).toEqual([
      {
        ...households[0],
        positions: [
          { positionId: 'p1', holderName: '甲' },
          { positionId: 'p2', holderName: '乙' },
        ],
      },
    ]);
  });

  it('counts a household under handover once and never as linked twice', () => {
    const links = [
      link('h1', 'p1'),
      link('h1', 'p2', 'p1'),
      link('h2', 'p1'),
      link('h2', 'p3', 'p1'),
      link('h3', 'p2'),
    ];
    const report = computeCoverage({ households, links, chiefs: [], kind: 'neighbour_chief' });
    expect(report.linkedHouseholds).toBe(3);
    expect(report.linkedTwice).toEqual([]);
  });

  it('counts a household covered only by a handover link as linked', () => {
    const report = computeCoverage({
      households: households.slice(0, 1),
      links: [link('h1', 'p2', 'p1')],
      chiefs: [],
      kind: 'neighbour_chief',
    });
    expect(report.percentage).toBe(100);
  });

  it('keeps kinds apart: a 组长 link does not cover the 邻长 level', () => {
    const links = [
      link('h1', 'g1', null, 'group_chief'),
      link('h1', 'p1'),
      link('h2', 'g1', null, 'group_chief'),
    ];
    const chiefs = [chief('g1', '组长', 2, 'group_chief'), chief('p1', '甲', 1)];
    expect(computeCoverage({ households, links, chiefs, kind: 'neighbour_chief' }).linkedHouseholds).toBe(1);
    expect(computeCoverage({ households, links, chiefs, kind: 'group_chief' })).toMatchObject({
      linkedHouseholds: 2,
      chiefCount: 1,
    });
    expect(kindsPresent(links, chiefs)).toEqual(['neighbour_chief', 'group_chief']);
    expect(kindsPresent([], [chief('x', 'x', 0, 'party_linker')])).toEqual(['party_linker']);
  });

  it('reports an empty subtree as 0 %', () => {
    expect(computeCoverage({ households: [], links: [], chiefs: [], kind: 'neighbour_chief' })).toMatchObject(
      { activeHouseholds: 0, percentage: 0 },
    );
  });

  it('rounds the percentage down', () => {
    expect(percentOf(1999, 2000)).toBe(99.9);
    expect(percentOf(2, 3)).toBe(66.6);
    expect(percentOf(3, 3)).toBe(100);
  });
});
