import { resolveBackend } from '@essence/core';
import { serveDigitClassifier } from '@essence/image-classifier';
import type { Command } from 'commander';

import { BACKEND_OPTION_HELP, homeOption, parsePort, resolveCheckpointDirectory } from './options.js';

interface ServeImageOptions {
  checkpoint?: string;
  model?: string;
  port: number;
  host: string;
  backend?: string;
}

/** Registers `essence serve image`: the digit classification HTTP service on a checkpoint. */
export function registerServeCommand(program: Command): void {
  const serve = program.command('serve').description('serve a trained model over HTTP');

  serve
    .command('image')
    .description('serve a digit checkpoint: POST /v1/predict, /healthz, /readyz, /metrics, /openapi.json')
    .option('--checkpoint <dir>', 'checkpoint directory (default: the current checkpoint of --model)')
    .option('--model <name>', 'model whose current checkpoint to serve (default: the one the main job trains here, or the one that has a checkpoint)')
    .option('--port <port>', 'TCP port; 0 picks a free one', parsePort, 8080)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--backend <name>', BACKEND_OPTION_HELP)
    .action(async (options: ServeImageOptions, command: Command) => {
      const backend = await resolveBackend({ requested: options.backend });
      const directory = resolveCheckpointDirectory(options, backend.name, homeOption(command));
      const { server, service } = await serveDigitClassifier({
        checkpointDirectory: directory,
        port: options.port,
        host: options.host,
        backend: options.backend,
      });
      console.log(`serving ${directory} at ${server.url} (POST ${server.url}/v1/predict)`);
      const readiness = await service.warmUp;
      console.log(readiness.ready ? 'ready: golden samples reproduced' : `not ready: ${readiness.reason ?? 'unknown reason'}`);
    });
}
