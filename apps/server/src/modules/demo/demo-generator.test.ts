import { describe, expect, it } from 'vitest';
import { parseIdNumber } from '../people/index.ts';
import {
  apportion,
  DEMO_REFERENCE_DATE,
  DEMO_SEED,
  generateDemo,
  LIYUAN_CODE,
  MEIHU_CODE,
  RAOLV_CODE,
  splitSpans,
  WULIDUI_CODE,
  XINJI_CODE,
  zhNumber,
} from './demo-generator.ts';
import { createRng } from './prng.ts';

const demo = generateDemo();
const community = (code: string) => demo.communities.find((c) => c.code === code)!;
const count = (code: string, level: string) => community(code).nodes.filter((n) => n.level === level).length;

describe('demo generator', () => {
  it('is deterministic: the same seed gives the same first 100 residents, another seed other people', () => {
    const again = generateDemo(DEMO_SEED);
    expect(again.communities[0]!.residents.slice(0, 100)).toEqual(
      demo.communities[0]!.residents.slice(0, 100),
    );
    const other = generateDemo(DEMO_SEED + 1);
    expect(other.communities[0]!.residents.slice(0, 100).map((r) => r.name)).not.toEqual(
      demo.communities[0]!.residents.slice(0, 100).map((r) => r.name),
    );
  });

  it('gives every resident a valid, unique ID number that agrees with gender and birth date', () => {
    const seen = new Set<string>();
    const today = new Date(`${DEMO_REFERENCE_DATE}T23:59:59Z`);
    for (const c of demo.communities) {
      for (const r of c.residents) {
        const parsed = parseIdNumber(r.idNumber, today);
        expect(parsed.ok, r.idNumber).toBe(true);
        if (!parsed.ok) continue;
        expect(parsed.id.gender).toBe(r.gender);
        expect(parsed.id.birthDate).toBe(r.birthDate);
        if (r.residenceType !== 'migrant') expect(parsed.id.regionCode).toBe(c.districtId);
        expect(seen.has(r.idNumber)).toBe(false);
        seen.add(r.idNumber);
      }
    }
    expect(seen.size).toBe(demo.communities.reduce((s, c) => s + c.residents.length, 0));
  });

  it('gives phones only as 11-digit mobiles, unique across the demo', () => {
    const phones = demo.communities.flatMap((c) => c.residents.map((r) => r.phone)).filter((p) => p !== null);
    expect(phones.every((p) => /^1[3-9]\d{9}$/.test(p))).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('builds 五里堆 with 10 片区, 33 组, 194 邻长 whose spans are mostly 5–15 with a few outside', () => {
    const w = community(WULIDUI_CODE);
    expect(count(WULIDUI_CODE, 'area')).toBe(10);
    expect(count(WULIDUI_CODE, 'resident_group')).toBe(33);
    const kinds = (k: string) => w.positions.filter((p) => p.kind === k);
    expect(kinds('area_chief')).toHaveLength(10);
    expect(kinds('group_chief')).toHaveLength(33);
    const chiefs = kinds('neighbour_chief');
    expect(chiefs).toHaveLength(194);
    const spans = chiefs.map((p) => p.householdIds.length);
    expect(spans.every((s) => s >= 3 && s <= 25)).toBe(true);
    expect(spans.filter((s) => s < 5).length).toBeGreaterThanOrEqual(2);
    expect(spans.filter((s) => s > 15).length).toBeGreaterThan(0);
    expect(spans.filter((s) => s >= 12 && s <= 18).length / spans.length).toBeGreaterThan(0.8);
    // Every household has at most one 邻长; a handful are deliberately unlinked.
    const linked = chiefs.flatMap((p) => p.householdIds);
    expect(new Set(linked).size).toBe(linked.length);
    const unlinked = w.households.length - linked.length;
    expect(unlinked).toBeGreaterThanOrEqual(3);
    expect(unlinked).toBeLessThanOrEqual(10);
    expect(w.households.length).toBeGreaterThan(2900);
    expect(w.households.length).toBeLessThan(3400);
    // 组 of about 100 neighbouring households.
    const perGroup = w.nodes
      .filter((n) => n.level === 'resident_group')
      .map((g) => {
        const below = new Set([g.id]);
        for (const n of w.nodes) if (below.has(n.parentId)) below.add(n.id);
        return w.households.filter((h) => below.has(h.nodeId)).length;
      });
    expect(Math.min(...perGroup)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...perGroup)).toBeLessThanOrEqual(140);
  });

  it('puts 余成 in 和谐小区 23栋 with ten households, 李德厚 (行动不便, lawful basis) among them', () => {
    const w = community(WULIDUI_CODE);
    const yucheng = w.positions.find((p) => p.login === 'yucheng')!;
    expect(yucheng).toMatchObject({ kind: 'neighbour_chief', holderName: '余成' });
    const addresses = yucheng.householdIds.map((id) => w.households.find((h) => h.id === id)!.address);
    expect(addresses).toHaveLength(10);
    expect(addresses.every((a) => a.startsWith('和谐小区23栋'))).toBe(true);
    const li = w.residents.find((r) => r.name === '李德厚')!;
    expect(yucheng.householdIds).toContain(li.householdId);
    expect(li.tags).toContainEqual(
      expect.objectContaining({ code: 'limited_mobility', lawfulBasis: 'statutory_duty' }),
    );
    expect(w.residents.find((r) => r.id === yucheng.holderResidentId)!.name).toBe('余成');
    expect(w.positions.find((p) => p.login === 'yangyao')).toMatchObject({
      kind: 'area_chief',
      holderName: '阳瑶',
    });
  });

  it('builds 新集 with 13 网格, 66 居民小组 and exactly 11,671 residents', () => {
    const x = community(XINJI_CODE);
    expect(count(XINJI_CODE, 'grid')).toBe(13);
    expect(count(XINJI_CODE, 'resident_group')).toBe(66);
    expect(x.residents).toHaveLength(11_671);
    expect(x.positions.filter((p) => p.kind === 'grid_chief')).toHaveLength(13);
    expect(x.positions.filter((p) => p.kind === 'grid_worker')).toHaveLength(13);
    expect(x.positions.filter((p) => p.login === 'xinji-grid')).toHaveLength(1);
  });

  it('builds 美湖 with 2 小区 and 6 楼片 for about 4,000 people', () => {
    expect(count(MEIHU_CODE, 'estate')).toBe(2);
    expect(count(MEIHU_CODE, 'building_cluster')).toBe(6);
    const people = community(MEIHU_CODE).residents.length;
    expect(people).toBeGreaterThan(3800);
    expect(people).toBeLessThan(4600);
  });

  it('builds the four-level party tree of 栗园 with in-service members and their posts', () => {
    const l = community(LIYUAN_CODE);
    const orgKinds = l.partyOrgs.map((o) => o.kind);
    expect(orgKinds.filter((k) => k === 'committee')).toHaveLength(1);
    expect(orgKinds.filter((k) => k === 'branch')).toHaveLength(count(LIYUAN_CODE, 'estate'));
    expect(orgKinds.filter((k) => k === 'group')).toHaveLength(count(LIYUAN_CODE, 'building'));
    const inService = l.partyMembers.filter((m) => m.kind === 'in_service');
    expect(inService.length).toBeGreaterThan(20);
    expect(inService.every((m) => m.employer && m.postRank && m.postRank >= 1 && m.postRank <= 6)).toBe(true);
    // Each 楼栋长 is the highest-ranked in-service member of his building's party group.
    for (const chief of l.positions.filter((p) => p.kind === 'building_chief')) {
      const member = l.partyMembers.find((m) => m.id === chief.partyMemberId)!;
      const peers = l.partyMembers.filter((m) => m.orgId === member.orgId && m.kind === 'in_service');
      expect(member.postRank).toBe(Math.max(...peers.map((m) => m.postRank!)));
    }
  });

  it('gives 饶吕 曹营自然村 a 户长 for about every ten households and a 村民组长 per 组', () => {
    const r = community(RAOLV_CODE);
    expect(r.nodes.filter((n) => n.level === 'natural_village').map((n) => n.name)).toEqual(['曹营自然村']);
    const chiefs = r.positions.filter((p) => p.kind === 'household_chief');
    expect(chiefs.every((p) => p.householdIds.length >= 7 && p.householdIds.length <= 13)).toBe(true);
    const village = r.households.filter((h) => h.address.startsWith('曹营自然村'));
    expect(chiefs.reduce((s, p) => s + p.householdIds.length, 0)).toBe(village.length);
    expect(r.positions.filter((p) => p.kind === 'team_leader')).toHaveLength(3);
  });

  it('tags sensitive facts only with a lawful basis, and only real tag codes', () => {
    const codes = new Set([
      'empty_nest',
      'living_alone',
      'elderly_80',
      'migrant',
      'veteran',
      'party_member',
      'dibao',
      'disability',
      'limited_mobility',
      'health_condition',
    ]);
    const sensitive = new Set(['dibao', 'disability', 'limited_mobility', 'health_condition']);
    for (const c of demo.communities) {
      for (const r of c.residents) {
        for (const t of r.tags) {
          expect(codes.has(t.code)).toBe(true);
          expect(t.lawfulBasis).toBe(sensitive.has(t.code) ? 'statutory_duty' : null);
        }
        expect(new Set(r.tags.map((t) => t.code)).size).toBe(r.tags.length);
      }
    }
  });

  it('makes every household head the first member, related as 户主', () => {
    for (const c of demo.communities) {
      const byId = new Map(c.residents.map((r) => [r.id, r]));
      for (const h of c.households) expect(byId.get(h.headResidentId)!.relationToHead).toBe('户主');
    }
  });
});

describe('demo helpers', () => {
  it('apportions exactly, in proportion', () => {
    expect(apportion(194, [100, 100, 100])).toEqual([65, 65, 64]);
    expect(apportion(10, [1, 3])).toEqual([3, 7]);
    expect(apportion(66, Array(13).fill(1)).reduce((a, b) => a + b, 0)).toBe(66);
  });

  it('splits spans that cover every household once', () => {
    const sizes = splitSpans(97, 6, createRng(1));
    expect(sizes).toHaveLength(6);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(97);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(4);
    expect(splitSpans(5, 0, createRng(1))).toEqual([]);
  });

  it('writes ordinals in Chinese', () => {
    expect([1, 10, 13, 20, 33].map(zhNumber)).toEqual(['一', '十', '十三', '二十', '三十三']);
  });
});
