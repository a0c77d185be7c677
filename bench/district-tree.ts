// A synthetic district tree for benchmarks: nodes as COPY lines for territory_node, built deterministically.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Fixed-seed generator (mulberry32), so every run builds the same tree. */
export function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TreeNode {
  id: string;
  no: number;
  path: string;
  communityId: string | null;
}

/**
 * `add` appends a node under `parent` (ltree labels `n<no>`, as the app writes them); `spread` splits `total`
 * children over `parents` unevenly (±50 %), the way real grids and streets differ in size.
 */
export function treeBuilder(district: string, rand: () => number) {
  const nodeLines: string[] = [];
  let no = 0;
  const add = (
    parent: TreeNode | null,
    level: string,
    name: string,
    communityId: string | null = parent?.communityId ?? null,
  ): TreeNode => {
    no++;
    const node: TreeNode = {
      id: randomUUID(),
      no,
      path: parent ? `${parent.path}.n${no}` : `n${no}`,
      communityId,
    };
    nodeLines.push([district, node.id, no, parent?.id ?? '\\N', level, `C${no}`, name, node.path].join('\t'));
    return node;
  };
  const spread = <T>(parents: T[], total: number, make: (parent: T, i: number) => TreeNode) => {
    const weights = parents.map(() => 0.5 + rand());
    const sum = weights.reduce((a, b) => a + b, 0);
    const out: TreeNode[] = [];
    let left = total;
    parents.forEach((p, i) => {
      const n = i === parents.length - 1 ? left : Math.max(1, Math.round((weights[i]! / sum) * total));
      left -= n;
      for (let k = 0; k < n; k++) out.push(make(p, k));
    });
    return out;
  };
  return { add, spread, nodeLines, count: () => no };
}

/** COPYs tab-separated lines in chunks of 5,000 through `statement` (a `copy … from stdin`). */
export async function copyLines(client: pg.PoolClient, statement: string, lines: string[]) {
  const chunks = (function* () {
    for (let i = 0; i < lines.length; i += 5_000) yield `${lines.slice(i, i + 5_000).join('\n')}\n`;
  })();
  await pipeline(Readable.from(chunks), client.query(copyFrom(statement)));
}
