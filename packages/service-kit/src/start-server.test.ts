import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';

import { startServer, type RunningServer } from './start-server.js';

const silent = pino({ level: 'silent' });
const servers: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((running) => running.close()));
});

interface SlowApp {
  app: express.Express;
  started: Promise<void>;
  release: () => void;
  events: string[];
}

/** Creates an app whose `/slow` request stays in flight until `release` is called, recording when it finishes. */
function createSlowApp(): SlowApp {
  const events: string[] = [];
  let markStarted: () => void = () => undefined;
  let release: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const app = express();
  app.get('/slow', async (_req, res) => {
    markStarted();
    await released;
    res.once('finish', () => events.push('response finished'));
    res.json({ finished: true });
  });
  app.get('/fast', (_req, res) => {
    res.json({ fast: true });
  });
  return { app, started, release, events };
}

describe('startServer', () => {
  it('binds 127.0.0.1 by default', async () => {
    const running = await startServer(express(), { port: 0, handleSignals: false, logger: silent });
    servers.push(running);

    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects invalid port', async () => {
    await expect(startServer(express(), { port: 70000, handleSignals: false, logger: silent })).rejects.toThrow(
      /invalid port 70000: expected an integer in 0\.\.65535/,
    );
  });

  it('rejects port already in use', async () => {
    const first = await startServer(express(), { port: 0, handleSignals: false, logger: silent });
    servers.push(first);
    const port = Number(new URL(first.url).port);

    await expect(startServer(express(), { port, handleSignals: false, logger: silent })).rejects.toThrow(/EADDRINUSE/);
  });

  it('close waits for in-flight request', async () => {
    const { app, started, release, events } = createSlowApp();
    const running = await startServer(app, { port: 0, handleSignals: false, logger: silent });
    running.onShutdown(() => {
      events.push('hook');
    });

    const slow = fetch(`${running.url}/slow`).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as unknown,
    }));
    await started;
    const closed = running.close().then(() => events.push('closed'));
    release();
    const result = await slow;
    await closed;

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ finished: true });
    expect(events).toEqual(['response finished', 'hook', 'closed']);
  });

  it('refuses new connections after close', async () => {
    const { app } = createSlowApp();
    const running = await startServer(app, { port: 0, handleSignals: false, logger: silent });

    await running.close();

    await expect(fetch(`${running.url}/fast`)).rejects.toThrow();
  });

  it('cuts in-flight request after timeout', async () => {
    const { app, started, release } = createSlowApp();
    const running = await startServer(app, { port: 0, handleSignals: false, logger: silent, shutdownTimeoutMs: 50 });

    const slow = fetch(`${running.url}/slow`).then(
      () => 'answered',
      () => 'connection cut',
    );
    await started;
    await running.close();
    release();

    expect(await slow).toBe('connection cut');
  });

  it('runs hooks in reverse order', async () => {
    const order: string[] = [];
    const running = await startServer(express(), {
      port: 0,
      handleSignals: false,
      logger: silent,
      shutdownHooks: [() => void order.push('first')],
    });
    running.onShutdown(async () => {
      await Promise.resolve();
      order.push('second');
    });

    await running.close();

    expect(order).toEqual(['second', 'first']);
  });

  it('runs all hooks then rethrows first failure', async () => {
    const order: string[] = [];
    const running = await startServer(express(), { port: 0, handleSignals: false, logger: silent });
    running.onShutdown(() => void order.push('ran despite failure'));
    running.onShutdown(() => {
      throw new Error('dispose failed');
    });

    await expect(running.close()).rejects.toThrow('dispose failed');
    expect(order).toEqual(['ran despite failure']);
  });

  it('returns same promise on repeated close', async () => {
    const running = await startServer(express(), { port: 0, handleSignals: false, logger: silent });

    const first = running.close();
    const second = running.close();

    expect(second).toBe(first);
    await first;
  });
});
