/**
 * Open311's two wire formats. A response is a tree of plain values; XML names each list item after its
 * parent's `item` tag, JSON is the same tree as is (the spec's JSON is the XML without its root element).
 */
export type Open311Format = 'xml' | 'json';

export type Open311Value =
  | string
  | number
  | boolean
  | null
  | Open311Value[]
  | { [key: string]: Open311Value };

/** A document: the root tag and list-item tag for XML, and the value itself. */
export interface Open311Doc {
  root: string;
  /** Tag of each element when `value` is a list (`service` in `<services>`). */
  item?: string;
  /** Item tags of nested lists, by the list's key (`formats` → `format`). */
  nested?: Record<string, string>;
  value: Open311Value;
}

export const CONTENT_TYPES: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

// XML 1.0 forbids most control characters even when escaped; they are dropped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match control characters
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(tag: string, value: Open311Value, nested: Record<string, string>, itemTag?: string): string {
  if (value === null) return `<${tag}/>`;
  if (Array.isArray(value)) {
    const child = itemTag ?? nested[tag] ?? 'item';
    return `<${tag}>${value.map((v) => element(child, v, nested)).join('')}</${tag}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v, nested))
      .join('');
    return `<${tag}>${inner}</${tag}>`;
  }
  return `<${tag}>${escapeXml(String(value))}</${tag}>`;
}

export function toXml(doc: Open311Doc): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(doc.root, doc.value, doc.nested ?? {}, doc.item)}`;
}

export function render(doc: Open311Doc, format: Open311Format): string {
  return format === 'xml' ? toXml(doc) : JSON.stringify(doc.value);
}

/** The spec's error list: `<errors><error><code>…` or `[{ code, description }]`, code being the HTTP status. */
export function errorDoc(status: number, description: string): Open311Doc {
  return { root: 'errors', item: 'error', value: [{ code: status, description }] };
}

/** `services.xml` → ['services', 'xml']; anything but .xml/.json is not an Open311 resource. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(xml|json)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Open311Format } : null;
}
