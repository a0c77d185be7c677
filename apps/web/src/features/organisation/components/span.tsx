import type { Span } from '@gongzhi/contract/organisation';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export type SpanStatus = Span['status'];
type SpanLike = Pick<Span, 'householdCount' | 'minHouseholds' | 'maxHouseholds' | 'status'>;

interface SpanRule {
  positionKind: string;
  minHouseholds: number | null;
  maxHouseholds: number | null;
}

/** The span of a position computed from its community's rules (list rows carry only the count). */
export function spanFromRules(
  kind: string,
  householdCount: number,
  rules: readonly SpanRule[] | undefined,
): SpanLike {
  const rule = rules?.find((r) => r.positionKind === kind);
  const min = rule?.minHouseholds ?? null;
  const max = rule?.maxHouseholds ?? null;
  let status: SpanStatus = 'unruled';
  if (min !== null || max !== null) {
    status =
      min !== null && householdCount < min
        ? 'below'
        : max !== null && householdCount > max
          ? 'above'
          : 'within';
  }
  return { householdCount, minHouseholds: min, maxHouseholds: max, status };
}

function range(span: SpanLike): string {
  const { minHouseholds: min, maxHouseholds: max } = span;
  if (min !== null && max !== null) return `${min}–${max}`;
  if (min !== null) return `≥ ${min}`;
  return `≤ ${max ?? ''}`;
}

/** "12 户，符合 5–15 户" / "3 户，少于 5–15 户". */
export function spanText(span: SpanLike, t: TFunction): string {
  if (span.status === 'unruled') return t('org.span.unruled', { count: span.householdCount });
  return t(`org.span.${span.status}`, { count: span.householdCount, range: range(span) });
}

export const SPAN_COLORS: Record<SpanStatus, string> = {
  within: 'success',
  below: 'warning',
  above: 'warning',
  unruled: 'default',
};
export const SPAN_HEX: Record<SpanStatus, string> = {
  within: '#389e0d',
  below: '#d46b08',
  above: '#d46b08',
  unruled: '#595959',
};

export function SpanTag({ span }: { span: SpanLike }) {
  const { t } = useTranslation();
  return (
    <Tag color={SPAN_COLORS[span.status]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {spanText(span, t)}
    </Tag>
  );
}
