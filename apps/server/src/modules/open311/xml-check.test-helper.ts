/** A deliberately strict little XML reader for tests: declaration, nesting, entities; no attributes needed. */
export interface XmlNode {
  tag: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (raw.includes('<')) throw new Error(`stray "<" in text: ${raw}`);
  return raw.replace(/&([^;]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';') || !(name in ENTITIES)) throw new Error(`bad entity ${whole}`);
    return ENTITIES[name]!;
  });
}

/** Parses `text` or throws on anything not well-formed. */
export function parseXml(text: string): XmlNode {
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(text);
  if (!decl) throw new Error('missing XML declaration');
  const tokens = text
    .slice(decl[0].length)
    .split(/(<[^>]*>)/)
    .filter((s) => s !== '');
  const stack: XmlNode[] = [{ tag: '#document', children: [], text: '' }];
  for (const token of tokens) {
    const top = stack.at(-1)!;
    if (!token.startsWith('<')) {
      if (stack.length === 1) {
        if (token.trim() !== '') throw new Error('text outside the root element');
        continue;
      }
      top.text += decode(token);
      continue;
    }
    const m = /^<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>$/.exec(token);
    if (!m) throw new Error(`bad tag ${token}`);
    const [, closing, tag, selfClosing] = m;
    if (closing) {
      if (top.tag !== tag) throw new Error(`</${tag}> closes <${top.tag}>`);
      stack.pop();
      continue;
    }
    const node: XmlNode = { tag: tag!, children: [], text: '' };
    if (stack.length === 1 && top.children.length > 0) throw new Error('more than one root element');
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.tag}>`);
  const [root] = stack[0]!.children;
  if (!root) throw new Error('no root element');
  return root;
}

/** The text of the first descendant path `a/b/c` below `node`, or undefined. */
export function textAt(node: XmlNode, path: string): string | undefined {
  let cur: XmlNode | undefined = node;
  for (const tag of path.split('/')) cur = cur?.children.find((c) => c.tag === tag);
  return cur?.text;
}
