import { ConfigError, type ModelSpec } from '@essence/core';

/**
 * Checks the data-derived parts of a `ModelSpec` before a factory builds layers from them.
 *
 * @throws ConfigError when `inputShape` is empty or contains a non-positive or non-integer size, when
 *   `outputUnits` is not a positive integer, or when `seed` is not a safe integer.
 */
export function checkModelSpec(spec: ModelSpec, modelName: string): void {
  const shapeIsValid =
    spec.inputShape.length > 0 && spec.inputShape.every((size) => Number.isInteger(size) && size > 0);
  if (!shapeIsValid) {
    throw new ConfigError(
      `model '${modelName}' needs an input shape of positive integers, e.g. [28, 28, 1]; got [${spec.inputShape.join(', ')}]. ` +
        'Check the dataset exampleShape.',
    );
  }
  if (!Number.isInteger(spec.outputUnits) || spec.outputUnits < 1) {
    throw new ConfigError(
      `model '${modelName}' needs a positive integer number of output units (classes); got ${spec.outputUnits}. ` +
        'Check the dataset numClasses.',
    );
  }
  if (!Number.isSafeInteger(spec.seed)) {
    throw new ConfigError(`model '${modelName}' needs an integer seed; got ${spec.seed}. Pass an integer such as 42.`);
  }
}
