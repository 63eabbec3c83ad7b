/**
 * Runs `work` with an AbortSignal that the first Ctrl-C (SIGINT) or SIGTERM aborts, so training stops before
 * its next batch and the run is recorded as failed instead of staying 'running'. A second signal exits at
 * once with status 130. The handlers are removed when `work` settles.
 */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    console.error(`essence: ${signal} received; stopping after the current batch (press Ctrl-C again to quit now)`);
    process.exitCode = 130;
    controller.abort(new Error(`interrupted by ${signal}`));
  };

  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
