import { loadCheckpoint, resolveBackend } from '@essence/core';
import { loadIdxDataset, loadMnistTest } from '@essence/datasets';
import { evaluateDigits } from '@essence/image-classifier';
import type { Command } from 'commander';

import { BACKEND_OPTION_HELP, homeOption, resolveCheckpointDirectory } from './options.js';

interface EvaluateOptions {
  checkpoint?: string;
  model?: string;
  images?: string;
  labels?: string;
  backend?: string;
}

/**
 * Registers `essence evaluate`: evaluates a digit checkpoint on the official MNIST test set or on IDX files
 * (full MNIST, Fashion-MNIST) and prints accuracy, per-class metrics and calibration.
 */
export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate a digit checkpoint on the official MNIST test set, or on IDX image and label files')
    .option('--checkpoint <dir>', 'checkpoint directory (default: the current checkpoint of --model)')
    .option('--model <name>', 'model whose current checkpoint to evaluate (default: the one the main job trains here, or the one that has a checkpoint)')
    .option('--images <file>', 'IDX image file (.gz or raw), e.g. t10k-images-idx3-ubyte.gz')
    .option('--labels <file>', 'IDX label file matching --images')
    .option('--backend <name>', BACKEND_OPTION_HELP)
    .action(async (options: EvaluateOptions, command: Command) => {
      if ((options.images === undefined) !== (options.labels === undefined)) {
        throw new Error('--images and --labels go together: pass both IDX files, or neither for the bundled MNIST test set');
      }
      const backend = await resolveBackend({ requested: options.backend });
      const home = homeOption(command);
      const directory = resolveCheckpointDirectory(options, backend.name, home);
      const dataset =
        options.images !== undefined && options.labels !== undefined
          ? await loadIdxDataset({ imagesPath: options.images, labelsPath: options.labels })
          : await loadMnistTest();

      const checkpoint = await loadCheckpoint(directory);
      try {
        const seed = checkpoint.metadata.training?.seed ?? 0;
        const report = await evaluateDigits(checkpoint.model, dataset, { seed, splitSizes: { test: dataset.size } });
        console.log(`checkpoint: ${checkpoint.directory}`);
        console.log(`dataset:    ${dataset.name} (${dataset.size} images)`);
        console.log(`accuracy:   ${(report.accuracy * 100).toFixed(2)}%   macro F1: ${report.macroF1.toFixed(4)}`);
        console.log(`log loss:   ${report.logLoss.toFixed(4)}   expected calibration error: ${report.expectedCalibrationError.toFixed(4)}`);
        console.log('class  precision  recall  f1      support');
        for (const row of report.perClass) {
          console.log(
            `${row.className.padEnd(6)} ${row.precision.toFixed(4).padEnd(10)} ${row.recall.toFixed(4).padEnd(7)} ${row.f1.toFixed(4).padEnd(7)} ${row.support}`,
          );
        }
      } finally {
        checkpoint.model.dispose();
      }
    });
}
