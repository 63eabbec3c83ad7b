// Sums the vitest JSON reports of every package into one closing line: "Tests: N passed, N failed".
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
let passed = 0;
let failed = 0;
let skipped = 0;

for (const group of ['packages', 'apps', 'tooling']) {
  const groupDir = path.join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const name of readdirSync(groupDir)) {
    const report = path.join(groupDir, name, 'test-results.json');
    if (!existsSync(report)) continue;
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    skipped += results.numPendingTests + (results.numTodoTests ?? 0);
  }
}

console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
