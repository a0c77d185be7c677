import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ColumnSpec } from './header.ts';

export interface SheetWriter {
  addRow(values: (string | number | null)[]): void;
  /** Finishes the workbook; resolves when the last byte is written to the stream. */
  commit(): Promise<void>;
}

/**
 * Streams one worksheet to `stream`: Chinese headers in row 1, optional hints in row 2, text columns
 * formatted "@" so IDs and phones survive Excel, and a hidden `_meta` sheet naming the template.
 */
export function createSheetWriter(
  stream: Writable,
  options: {
    sheetName: string;
    columns: readonly ColumnSpec[];
    withHints: boolean;
    meta: Record<string, string>;
  },
): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(options.sheetName, {
    views: [{ state: 'frozen', ySplit: options.withHints ? 2 : 1 }],
  });
  sheet.columns = options.columns.map((c) => ({
    key: c.key,
    width: c.width ?? Math.max(8, c.header.length * 2 + 2),
    ...(c.isText ? { style: { numFmt: '@' } } : {}),
  }));
  const header = sheet.addRow(options.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  if (options.withHints) {
    const hints = sheet.addRow(options.columns.map((c) => c.hint ?? ''));
    hints.font = { italic: true, color: { argb: 'FF888888' } };
    hints.commit();
  }
  return {
    addRow(values) {
      sheet.addRow(values).commit();
    },
    async commit() {
      sheet.commit();
      const meta = workbook.addWorksheet('_meta', { state: 'hidden' });
      for (const [k, v] of Object.entries(options.meta)) meta.addRow([k, v]).commit();
      meta.commit();
      await workbook.commit();
    },
  };
}
