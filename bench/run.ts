// Runs every benchmark in this folder (or those named: `npm run bench -- b5a`), each against its baseline.
import fs from 'node:fs';
import path from 'node:path';

const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
const files = fs
  .readdirSync(import.meta.dirname)
  .filter((f) => /^b\d+[a-z]?-.*\.ts$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(`${w}-`)))
  .sort();
for (const file of files) {
  console.log(`\n== ${file}`);
  await import(path.join(import.meta.dirname, file));
}
