// The generated benchmark corpora, shared by run.mjs and index-build.mjs: made once by
// gen-corpus.mjs into $TMPDIR/broadsheet-bench/corpus-<n> and reused while a marker file
// says the same count and the same generator (by content hash).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const WORK = path.join(os.tmpdir(), 'broadsheet-bench');
const GEN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'gen-corpus.mjs');

/** The folder of the generated corpus of `n` articles; `log` reports a (re)generation. */
export function corpus(n, log = () => {}) {
  const dir = path.join(WORK, `corpus-${n}`);
  const marker = path.join(dir, '.bench-corpus.json');
  const want = { count: n, generator: crypto.createHash('sha1').update(fs.readFileSync(GEN)).digest('hex') };
  try {
    const have = JSON.parse(fs.readFileSync(marker, 'utf8'));
    if (have.count === want.count && have.generator === want.generator) return dir;
  } catch { /* not there yet */ }
  fs.rmSync(dir, { recursive: true, force: true });
  log(`generating ${n} articles → ${dir}`);
  const g = spawnSync(process.execPath, [GEN, dir, String(n)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (g.status !== 0) throw new Error(`gen-corpus.mjs ${n} failed`);
  fs.writeFileSync(marker, JSON.stringify(want));
  return dir;
}
