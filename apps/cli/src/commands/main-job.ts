import { digitModelNames, runMainJob, type DigitModelName } from '@essence/image-classifier';
import { InvalidArgumentError, type Command } from 'commander';

import { withInterruptSignal } from './interrupt.js';
import { printTrainingResult } from './print-result.js';
import { BACKEND_OPTION_HELP, homeOption, parsePort } from './options.js';

interface MainOptions {
  serve: boolean;
  port: number;
  host: string;
  model?: DigitModelName;
  backend?: string;
  retrain: boolean;
}

/**
 * Registers `essence main`: train (or reuse) the default digit model, evaluate it on the official MNIST
 * test set, record the run and serve it.
 */
export function registerMainCommand(program: Command): void {
  program
    .command('main')
    .description('train or reuse the default digit classifier, evaluate it on the official MNIST test set, record the run and serve it')
    .option('--no-serve', 'stop after the evaluation instead of starting the service')
    .option('--port <port>', 'TCP port of the service; 0 picks a free one', parsePort, 8080)
    .option('--host <host>', 'interface the service binds', '127.0.0.1')
    .option('--model <name>', 'digit model (default: cnn on the native or tensorflow backend, mlp elsewhere)', parseModel)
    .option('--backend <name>', BACKEND_OPTION_HELP)
    .option('--retrain', 'train even when the current checkpoint matches the config and data', false)
    .action(async (options: MainOptions, command: Command) => {
      const { training, served } = await withInterruptSignal((signal) =>
        runMainJob({
        model: options.model,
        backend: options.backend,
        home: homeOption(command),
        serve: options.serve,
        port: options.port,
        host: options.host,
        retrain: options.retrain,
        progress: true,
        signal,
      }),
      );
      printTrainingResult(training);
      if (served === undefined) return;

      console.log(`service:        ${served.server.url} (POST ${served.server.url}/v1/predict; Ctrl-C stops it)`);
      const readiness = await served.service.warmUp;
      console.log(readiness.ready ? 'ready:          golden samples reproduced' : `not ready:      ${readiness.reason ?? 'unknown reason'}`);
    });
}

function parseModel(value: string): DigitModelName {
  if (!(digitModelNames as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected ${digitModelNames.join(' or ')}, got '${value}'`);
  }
  return value as DigitModelName;
}
