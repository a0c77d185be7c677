import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';

/** A cell as read: the value Excel stored, so callers can tell a number cell from a text cell. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  rowNo: number;
  /** 0-based by column: values[0] is column A. */
  values: CellValue[];
}

/** The upload is not a readable xlsx workbook; `message` is written for the person who uploaded it. */
export class SpreadsheetRejected extends Error {}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Cheap first check on the file's signature, before any parsing. */
export async function checkXlsxSignature(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead === 0) throw new SpreadsheetRejected('上传的文件是空的');
    if (head.equals(OLE))
      throw new SpreadsheetRejected(
        '这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传',
      );
    if (!head.equals(ZIP))
      throw new SpreadsheetRejected('上传的文件不是 Excel 工作簿（.xlsx），请使用下载的模板填写');
  } finally {
    await handle.close();
  }
}

function plain(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  )
    return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return plain(v.result);
    if (v.text !== undefined) return plain(v.text);
    if (v.error) return null;
  }
  return String(value);
}

/**
 * Streams the rows of the first visible worksheet (hidden sheets such as `_meta` are skipped) without
 * loading the workbook into memory. Parse failures become SpreadsheetRejected.
 */
export async function* readSheetRows(file: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    // Styles would only turn date cells into Date objects; cellDate reads the serial number instead, at half the cost.
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      const meta = sheet as unknown as { name?: string; state?: string };
      if (sawSheet || meta.name === '_meta' || (meta.state && meta.state !== 'visible')) continue;
      sawSheet = true;
      for await (const row of sheet) {
        const raw = row.values as unknown[];
        const values: CellValue[] = [];
        for (let c = 1; c < raw.length; c++) values.push(plain(raw[c]));
        yield { rowNo: row.number, values };
      }
    }
  } catch (err) {
    if (err instanceof SpreadsheetRejected) throw err;
    throw new SpreadsheetRejected(
      `无法读取该 Excel 文件（文件可能已损坏或不是 .xlsx 格式）：${String((err as Error).message ?? err).slice(0, 120)}`,
    );
  } finally {
    // A caller that stops early (header probe) must not leave the file open.
    (reader as unknown as { stream?: { destroy(): void } }).stream?.destroy();
  }
  if (!sawSheet) throw new SpreadsheetRejected('Excel 文件中没有可读取的工作表');
}

/** The cell as trimmed text; numbers keep all their digits when they are integers. */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? null : t;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value ? '是' : '否';
}

/** An 18-digit number typed into a number cell keeps only 15 significant digits: e.g. 4.30304199E+17. */
export function isLostDigits(value: CellValue | undefined): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && /^\s*\d(\.\d+)?e\+?\d+\s*$/i.test(value);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A date cell, an Excel serial number or text (2024-1-5, 2024/01/05, 2024.1.5, 20240105) as yyyy-mm-dd. */
export function cellDate(value: CellValue | undefined): { ok: true; date: string | null } | { ok: false } {
  if (value === null || value === undefined || value === '') return { ok: true, date: null };
  let d: Date | null = null;
  if (value instanceof Date) d = value;
  else if (typeof value === 'number' && value > 0 && value < 200000)
    d = new Date(EXCEL_EPOCH + Math.round(value) * 86400000);
  else if (typeof value === 'string' || typeof value === 'number') {
    const t = String(value).trim();
    if (t === '') return { ok: true, date: null };
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
    if (m) {
      const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const c = new Date(Date.UTC(y, mo - 1, da));
      if (c.getUTCFullYear() === y && c.getUTCMonth() === mo - 1 && c.getUTCDate() === da) d = c;
    }
  }
  if (!d || Number.isNaN(d.getTime())) return { ok: false };
  return { ok: true, date: d.toISOString().slice(0, 10) };
}
