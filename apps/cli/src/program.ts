import { createRequire } from 'node:module';

import { Command } from 'commander';

import { registerDoctorCommand } from './commands/doctor.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerMainCommand } from './commands/main-job.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTrainCommand } from './commands/train.js';
import { addCommonOptions } from './commands/options.js';

/** Creates the `essence` command with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('essence')
    .description('Essence: train, evaluate and serve deep-learning models on TensorFlow.js')
    .version(cliVersion(), '-V, --version', 'print the version of the essence command')
    .showHelpAfterError();

  registerMainCommand(program);
  registerTrainCommand(program);
  registerEvaluateCommand(program);
  registerServeCommand(program);
  registerRunsCommand(program);
  registerDoctorCommand(program);
  addCommonOptions(program);
  return program;
}

function cliVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('../package.json') as { version: string };
  return manifest.version;
}
