import { type LinkerKind, LinkerKindSchema } from '@gongzhi/contract/organisation';

/**
 * Pure 联户 coverage and span rules (AS-12, AS-09, AS-19): given the active households of a subtree, the
 * active links to them and the chiefs involved, which households nobody links, which chiefs hold too few or
 * too many households, and which households are linked twice at one level.
 */

/** Position kinds that link households and so have span rules and coverage. */
export const LINKER_KINDS = LinkerKindSchema.options;
export type { LinkerKind };

export function isLinkerKind(kind: string): kind is LinkerKind {
  return (LINKER_KINDS as readonly string[]).includes(kind);
}

export interface SpanRule {
  positionKind: string;
  minHouseholds: number | null;
  maxHouseholds: number | null;
  targetHouseholds: number | null;
}

export type SpanState = 'within' | 'below' | 'above' | 'unruled';

export interface SpanResult {
  householdCount: number;
  minHouseholds: number | null;
  maxHouseholds: number | null;
  targetHouseholds: number | null;
  status: SpanState;
  warning: string | null;
}

export function spanRuleFor(spans: readonly SpanRule[], kind: string): SpanRule | null {
  return spans.find((s) => s.positionKind === kind) ?? null;
}

function rangeText(rule: SpanRule): string {
  if (rule.minHouseholds !== null && rule.maxHouseholds !== null)
    return `${rule.minHouseholds}–${rule.maxHouseholds} 户`;
  if (rule.minHouseholds !== null) return `至少 ${rule.minHouseholds} 户`;
  return `至多 ${rule.maxHouseholds} 户`;
}

/** Where a chief's household count stands against the community's rule, with a Chinese warning outside it. */
export function spanStatus(householdCount: number, rule: SpanRule | null, who: string): SpanResult {
  const base = {
    householdCount,
    minHouseholds: rule?.minHouseholds ?? null,
    maxHouseholds: rule?.maxHouseholds ?? null,
    targetHouseholds: rule?.targetHouseholds ?? null,
  };
  if (!rule || (rule.minHouseholds === null && rule.maxHouseholds === null))
    return { ...base, status: 'unruled', warning: null };
  if (rule.minHouseholds !== null && householdCount < rule.minHouseholds) {
    return {
      ...base,
      status: 'below',
      warning: `${who}现联系 ${householdCount} 户，少于规定的 ${rangeText(rule)}`,
    };
  }
  if (rule.maxHouseholds !== null && householdCount > rule.maxHouseholds) {
    return {
      ...base,
      status: 'above',
      warning: `${who}现联系 ${householdCount} 户，超出规定的 ${rangeText(rule)}`,
    };
  }
  return { ...base, status: 'within', warning: null };
}

export interface CoverageHousehold {
  id: string;
  householdNo: string;
  address: string;
}

/** An active link; `coversPositionId` marks a temporary handover link standing in for an absent chief. */
export interface CoverageLink {
  householdId: string;
  positionId: string;
  kind: string;
  coversPositionId: string | null;
}

export interface CoverageChief {
  positionId: string;
  holderName: string;
  kind: string;
  /** Households linked permanently, wherever they are (handover links not counted). */
  householdCount: number;
  rule: SpanRule | null;
}

export interface KindCoverage {
  kind: string;
  activeHouseholds: number;
  linkedHouseholds: number;
  percentage: number;
  unlinked: CoverageHousehold[];
  unlinkedCount: number;
  chiefsOutsideSpan: {
    positionId: string;
    holderName: string;
    householdCount: number;
    minHouseholds: number | null;
    maxHouseholds: number | null;
    status: 'below' | 'above';
  }[];
  linkedTwice: (CoverageHousehold & { positions: { positionId: string; holderName: string }[] })[];
  chiefCount: number;
}

/** Percentage with one decimal, rounded down so that one missing household never shows as 100 %. */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((part * 1000) / whole) / 10;
}

export const UNLINKED_LIMIT = 200;

export function computeCoverage(input: {
  households: readonly CoverageHousehold[];
  links: readonly CoverageLink[];
  chiefs: readonly CoverageChief[];
  kind: string;
  unlinkedLimit?: number;
}): KindCoverage {
  const { kind } = input;
  const limit = input.unlinkedLimit ?? UNLINKED_LIMIT;
  const linked = new Set<string>();
  const permanent = new Map<string, Set<string>>();
  for (const l of input.links) {
    if (l.kind !== kind) continue;
    linked.add(l.householdId);
    if (l.coversPositionId !== null) continue;
    const set = permanent.get(l.householdId) ?? new Set<string>();
    set.add(l.positionId);
    permanent.set(l.householdId, set);
  }
  const names = new Map(input.chiefs.map((c) => [c.positionId, c.holderName]));
  const sorted = [...input.households].sort(
    (a, b) => a.householdNo.localeCompare(b.householdNo) || a.id.localeCompare(b.id),
  );
  const unlinkedAll = sorted.filter((h) => !linked.has(h.id));
  const linkedCount = input.households.length - unlinkedAll.length;
  const linkedTwice = sorted
    .filter((h) => (permanent.get(h.id)?.size ?? 0) > 1)
    .map((h) => ({
      ...h,
      positions: [...permanent.get(h.id)!]
        .sort()
        .map((positionId) => ({ positionId, holderName: names.get(positionId) ?? '' })),
    }));
  const chiefs = input.chiefs.filter((c) => c.kind === kind);
  const chiefsOutsideSpan = chiefs
    .map((c) => ({ c, span: spanStatus(c.householdCount, c.rule, c.holderName) }))
    .filter(({ span }) => span.status === 'below' || span.status === 'above')
    .map(({ c, span }) => ({
      positionId: c.positionId,
      holderName: c.holderName,
      householdCount: c.householdCount,
      minHouseholds: span.minHouseholds,
      maxHouseholds: span.maxHouseholds,
      status: span.status as 'below' | 'above',
    }))
    .sort(
      (a, b) => a.holderName.localeCompare(b.holderName, 'zh-CN') || a.positionId.localeCompare(b.positionId),
    );
  return {
    kind,
    activeHouseholds: input.households.length,
    linkedHouseholds: linkedCount,
    percentage: percentOf(linkedCount, input.households.length),
    unlinked: unlinkedAll.slice(0, limit),
    unlinkedCount: unlinkedAll.length,
    chiefsOutsideSpan,
    linkedTwice,
    chiefCount: chiefs.length,
  };
}

/** The linker kinds present among the chiefs or links, in LINKER_KINDS order. */
export function kindsPresent(links: readonly CoverageLink[], chiefs: readonly CoverageChief[]): LinkerKind[] {
  const seen = new Set<string>([...links.map((l) => l.kind), ...chiefs.map((c) => c.kind)]);
  return LINKER_KINDS.filter((k) => seen.has(k));
}

/** The community template that governs a node: the one whose community path is a prefix of the node's path. */
export function spansForPath<T>(
  nodePath: string,
  templates: readonly { communityPath: string; spans: T }[],
  fallback: T,
): T {
  const hit = templates.find(
    (t) => nodePath === t.communityPath || nodePath.startsWith(`${t.communityPath}.`),
  );
  return hit ? hit.spans : fallback;
}
