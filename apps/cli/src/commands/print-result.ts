import type { TrainDigitsResult } from '@essence/image-classifier';

/** Prints the outcome of a training (or checkpoint reuse) run in a few lines. */
export function printTrainingResult(result: TrainDigitsResult): void {
  const evaluation = result.evaluation;
  const how = result.reused
    ? 'reused the current checkpoint (same config and data)'
    : `trained in ${result.trainingSeconds.toFixed(1)} s`;
  console.log(`model:          ${result.model} on the ${result.backend.name} backend, ${how}`);
  console.log(`test accuracy:  ${(evaluation.accuracy * 100).toFixed(2)}% on ${evaluation.protocol.size} official MNIST test images`);
  console.log(`macro F1:       ${evaluation.macroF1.toFixed(4)}   log loss: ${evaluation.logLoss.toFixed(4)}   ECE: ${evaluation.expectedCalibrationError.toFixed(4)}`);
  console.log(`checkpoint:     ${result.checkpointDirectory}`);
  console.log(`run:            ${result.runId} (essence runs show ${result.runId})`);
}
