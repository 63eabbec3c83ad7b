import { Command } from 'commander';

import { registerDoctorCommand } from './commands/doctor.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerMainCommand } from './commands/main-job.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTrainCommand } from './commands/train.js';

/** Creates the `essence` command with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('essence')
    .description('Essence: train, evaluate and serve deep-learning models on TensorFlow.js')
    .showHelpAfterError()
    .option('--verbose', 'log progress as JSON lines on stderr (default for serve)')
    .option('--home <dir>', 'folder whose .essence/ holds runs.db and checkpoints (default: $ESSENCE_HOME or the working directory)');

  registerMainCommand(program);
  registerTrainCommand(program);
  registerEvaluateCommand(program);
  registerServeCommand(program);
  registerRunsCommand(program);
  registerDoctorCommand(program);
  return program;
}
