import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const home = mkdtempSync(path.join(tmpdir(), 'essence-cli-'));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function essence(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, ESSENCE_HOME: home } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('essence command', () => {
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('doctor lists every backend', async () => {
    const result = await essence('doctor');

    expect(result.code).toBe(0);
    for (const backend of ['tensorflow', 'native', 'wasm', 'cpu']) expect(result.stdout).toContain(backend);
  });

  it('runs list on an empty store', async () => {
    const result = await essence('runs', 'list');

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('runs show rejects an unknown id', async () => {
    const result = await essence('runs', 'show', 'no-such-run');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no run with id 'no-such-run'");
  });

  it('rejects an invalid port', async () => {
    const result = await essence('serve', 'image', '--port', 'eighty');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("expected a port number from 0 to 65535, got 'eighty'");
  });

  it('doctor fails for an unknown backend', async () => {
    const result = await essence('doctor', '--backend', 'gpu');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain("unknown backend 'gpu'");
  });

  it('evaluate reports a missing checkpoint', async () => {
    const result = await essence('evaluate', '--model', 'mlp', '--backend', 'cpu');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not exist. Check the path, or train a model to create the checkpoint.');
  });
});
