import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { pino, type Logger } from 'pino';

/** Work to run once the server has stopped, such as disposing a model; it may be async. */
export type ShutdownHook = () => void | Promise<void>;

/** Address and shutdown settings of a server. */
export interface StartServerOptions {
  /** TCP port; 0 picks a free one (see `RunningServer.url`). */
  port: number;
  /** Interface to bind; defaults to 127.0.0.1 so nothing is exposed unless asked for. */
  host?: string;
  /** Maximum time in ms that `close()` waits for in-flight requests before cutting their connections. */
  shutdownTimeoutMs?: number;
  /** Whether SIGTERM and SIGINT close the server, run the hooks and exit the process (default true). */
  handleSignals?: boolean;
  /** Hooks to run after the server stops, in reverse order of registration. */
  shutdownHooks?: ShutdownHook[];
  logger?: Logger;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL like `http://127.0.0.1:43121`, with the port actually bound. */
  url: string;
  server: Server;
  /** Registers a hook that runs after the server stops; hooks run in reverse order of registration. */
  onShutdown(hook: ShutdownHook): void;
  /**
   * Stops accepting connections, waits for in-flight requests (up to `shutdownTimeoutMs`), then runs the
   * shutdown hooks. Idempotent: every call returns the same promise.
   * @throws the first error a shutdown hook threw, after all hooks ran.
   */
  close(): Promise<void>;
}

/** Default of `shutdownTimeoutMs`, in ms. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Starts an HTTP server for `app` and returns once it listens.
 *
 * @throws {Error} when the port is invalid or cannot be bound (for example EADDRINUSE).
 */
export async function startServer(app: RequestListener, options: StartServerOptions): Promise<RunningServer> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`invalid port ${options.port}: expected an integer in 0..65535 (0 picks a free port)`);
  }

  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? pino({ level: process.env.ESSENCE_LOG_LEVEL ?? 'info' });
  const hooks = [...(options.shutdownHooks ?? [])];
  const server = createServer(app);
  const inFlight = trackInFlightResponses(server);

  await listen(server, options.port, host);
  const url = formatUrl(server.address() as AddressInfo);
  logger.info({ url }, 'server listening');

  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'received signal; shutting down');
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  const removeSignalHandlers = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    removeSignalHandlers();
    closing ??= shutDown({
      server,
      inFlight,
      hooks,
      logger,
      timeoutMs: options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    });
    return closing;
  };

  if (options.handleSignals ?? true) {
    // A second signal during shutdown finds no handler, so Node's default applies and the process exits at once.
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  return { url, server, close, onShutdown: (hook) => hooks.push(hook) };
}

interface InFlightResponses {
  responses: Set<ServerResponse>;
  /** Set once shutdown starts: keep-alive ends after each response, and idle sockets close. */
  draining: boolean;
}

function trackInFlightResponses(server: Server): InFlightResponses {
  const tracker: InFlightResponses = { responses: new Set(), draining: false };
  server.on('request', (_req, res: ServerResponse) => {
    tracker.responses.add(res);
    if (tracker.draining) {
      res.shouldKeepAlive = false;
    }
    res.once('close', () => {
      tracker.responses.delete(res);
      if (tracker.draining) {
        // The socket turns idle only after this event, so close idle connections on the next turn.
        setImmediate(() => server.closeIdleConnections());
      }
    });
  });
  return tracker;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new Error(`failed to listen on ${host}:${port}: ${error.code ?? error.message}; choose another port or host`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

interface ShutdownContext {
  server: Server;
  inFlight: InFlightResponses;
  hooks: ShutdownHook[];
  logger: Logger;
  timeoutMs: number;
}

async function shutDown(context: ShutdownContext): Promise<void> {
  const { server, inFlight, logger } = context;
  logger.info({ inFlight: inFlight.responses.size }, 'server closing; waiting for in-flight requests');

  inFlight.draining = true;
  for (const res of inFlight.responses) {
    res.shouldKeepAlive = false;
  }
  await closeServer(server, inFlight, context.timeoutMs, logger);

  await runShutdownHooks(context.hooks, logger);
  logger.info('server closed');
}

function closeServer(server: Server, inFlight: InFlightResponses, timeoutMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn({ inFlight: inFlight.responses.size, timeoutMs }, 'shutdown timed out; closing the remaining connections');
      server.closeAllConnections();
    }, timeoutMs);
    timer.unref();

    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function runShutdownHooks(hooks: ShutdownHook[], logger: Logger): Promise<void> {
  let firstError: unknown;
  for (const hook of [...hooks].reverse()) {
    try {
      await hook();
    } catch (error) {
      logger.error({ err: error }, 'shutdown hook failed');
      firstError ??= error;
    }
  }
  if (firstError !== undefined) {
    throw firstError;
  }
}
