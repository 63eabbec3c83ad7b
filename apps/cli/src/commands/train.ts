import { digitModelNames, trainDigitClassifier, type DigitModelName } from '@essence/image-classifier';
import { InvalidArgumentError, type Command } from 'commander';

import { withInterruptSignal } from './interrupt.js';
import { printTrainingResult } from './print-result.js';
import { BACKEND_OPTION_HELP, homeOption, parseInteger, parsePositiveInteger, parsePositiveNumber } from './options.js';

interface TrainImageOptions {
  model: DigitModelName;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  augment: boolean;
  backend?: string;
}

/** Registers `essence train image`: trains a digit classifier on the bundled MNIST digits. */
export function registerTrainCommand(program: Command): void {
  const trainCommand = program.command('train').description('train a model of one of the apps');

  trainCommand
    .command('image')
    .description('train a digit classifier on the bundled 10,000 MNIST training digits and evaluate it on the official test set')
    .option('--model <name>', `model: ${digitModelNames.join(' or ')}`, parseModelName, 'mlp')
    .option('--epochs <count>', 'maximum epochs (early stopping may end sooner)', parsePositiveInteger)
    .option('--batch-size <count>', 'examples per batch (default 64)', parsePositiveInteger)
    .option('--learning-rate <rate>', 'initial Adam learning rate (default 0.001)', parsePositiveNumber)
    .option('--seed <seed>', 'seed of the split, initialisation, shuffling and augmentation (default 42)', parseInteger)
    .option('--no-augment', 'train without random shifts and rotations')
    .option('--backend <name>', BACKEND_OPTION_HELP)
    .action(async (options: TrainImageOptions, command: Command) => {
      const result = await withInterruptSignal((signal) =>
        trainDigitClassifier({
        config: {
          model: options.model,
          epochs: options.epochs,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          seed: options.seed,
          augment: options.augment,
        },
        backend: options.backend,
        home: homeOption(command),
        progress: true,
        signal,
      }),
      );
      printTrainingResult(result);
    });
}

function parseModelName(value: string): DigitModelName {
  if (!(digitModelNames as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected ${digitModelNames.join(' or ')}, got '${value}'`);
  }
  return value as DigitModelName;
}
