/**
 * Chinese search without a segmenter: index every character bigram (and each single character, so that
 * one-character queries work) as a `simple` tsvector; queries AND the bigrams of the query and recheck
 * with LIKE. Measured in research/tech.md §3.
 */
function chars(text: string): string[] {
  return [...text.toLowerCase().replace(/[\s\p{P}]+/gu, ' ')].filter((c) => c !== ' ');
}

export function searchTokens(...texts: (string | null | undefined)[]): string {
  const tokens = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of text.toLowerCase().split(/[\s\p{P}]+/u)) {
      const cs = [...word];
      for (let i = 0; i < cs.length; i++) {
        tokens.add(cs[i]!);
        if (i + 1 < cs.length) tokens.add(cs[i]! + cs[i + 1]!);
      }
    }
  }
  return [...tokens].map(quoteToken).join(' ');
}

/** A tsquery string matching documents that contain every bigram of the query (or its one character). */
export function searchQuery(query: string): string | null {
  const cs = chars(query);
  if (cs.length === 0) return null;
  if (cs.length === 1) return quoteToken(cs[0]!);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < cs.length; i++) grams.add(cs[i]! + cs[i + 1]!);
  return [...grams].map(quoteToken).join(' & ');
}

function quoteToken(t: string): string {
  return `'${t.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
}
