import { type CellValue, cellText } from './xlsx-reader.ts';

/** One column a ledger expects: its header as printed in the template, other names people use for it. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  header: string;
  aliases?: readonly string[];
  isRequired?: boolean;
  /** Shown in the template's second row, e.g. "18 位，设置为文本". */
  hint?: string;
  /** Written as text ("@") so Excel never turns the value into a number. */
  isText?: boolean;
  width?: number;
}

/** Header text compared without spaces, line breaks, required-markers (*) or bracketed notes. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

export interface HeaderLayout<K extends string> {
  /** 0-based column of each recognised key. */
  columns: Map<K, number>;
  /** Row number of the last header row; data (or a hint row) follows it. */
  lastHeaderRow: number;
  missing: ColumnSpec<K>[];
}

/**
 * Finds the header among the first rows: a title row merged across the sheet is skipped, and a two-level
 * header (a merged group cell over sub-headers, or a cell merged down two rows) is read from both rows.
 */
export function locateHeader<K extends string>(
  rows: { rowNo: number; values: CellValue[] }[],
  specs: readonly ColumnSpec<K>[],
): HeaderLayout<K> {
  const lookup = new Map<string, ColumnSpec<K>>();
  for (const s of specs)
    for (const name of [s.header, ...(s.aliases ?? [])]) lookup.set(normaliseHeader(name), s);
  const match = (v: CellValue | undefined) => {
    const t = cellText(v);
    return t ? lookup.get(normaliseHeader(t)) : undefined;
  };
  const columns = new Map<K, number>();
  let lastHeaderRow = 0;
  for (const row of rows) {
    const hits = row.values.map(match);
    const count = hits.filter(Boolean).length;
    if (lastHeaderRow === 0 && count < 3) continue;
    if (lastHeaderRow !== 0 && count === 0) break;
    hits.forEach((spec, col) => {
      if (spec && !columns.has(spec.key)) columns.set(spec.key, col);
    });
    lastHeaderRow = row.rowNo;
  }
  return { columns, lastHeaderRow, missing: specs.filter((s) => s.isRequired && !columns.has(s.key)) };
}

/** True when `values` is the template's hint row (e.g. "18 位，设置为文本") rather than data. */
export function isHintRow<K extends string>(
  values: CellValue[],
  layout: HeaderLayout<K>,
  specs: readonly ColumnSpec<K>[],
): boolean {
  return specs.some(
    (s) => s.hint && layout.columns.has(s.key) && cellText(values[layout.columns.get(s.key)!]) === s.hint,
  );
}
