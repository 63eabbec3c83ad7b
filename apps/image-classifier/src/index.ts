export { createImageClassifierRoot } from './composition-root.js';
export { currentCheckpointDirectory, essenceStateDirectory, runCheckpointDirectory } from './paths.js';
export {
  digitModelNames,
  digitTrainingConfigSchema,
  parseDigitTrainingConfig,
  type DigitModelName,
  type DigitTrainingConfig,
  type DigitTrainingConfigInput,
} from './training/digit-training-config.js';
export {
  evaluateDigits,
  trainDigitClassifier,
  type TrainDigitsOptions,
  type TrainDigitsResult,
} from './training/train-digits.js';
export { GOLDEN_SAMPLE_COUNT, recordGoldenSamples } from './training/golden-samples.js';
export { buildMlp, mlpConfigSchema, mlpModelFactory, type MlpConfig } from './models/mlp.js';
export { buildCnn, cnnConfigSchema, cnnModelFactory, type CnnConfig } from './models/cnn.js';
export { digitModelFactories } from './models/digit-model-factories.js';
export { augmentDigits, type AugmentDigitsOptions } from './augment/augment-digits.js';
export {
  createDigitAugmentation,
  type DigitAugmentation,
  type DigitAugmentationOptions,
} from './augment/digit-augmentation.js';
export { warpImage, type ImageSize, type ImageTransform } from './augment/warp-image.js';
export {
  createImageClassifierService,
  type ImageClassifierService,
  type ImageClassifierServiceOptions,
} from './http/image-classifier-service.js';
export {
  DIGIT_CLASS_COUNT,
  DIGIT_INPUT_SIZE,
  type DigitClassifier,
  type GoldenSamples,
} from './http/digit-classifier.js';
export { checkGoldenOutputs, DEFAULT_GOLDEN_TOLERANCE, type GoldenCheck } from './http/golden-check.js';
export { warmUpClassifier } from './http/classifier-state.js';
export { DEFAULT_IMAGE_CLASSIFIER_LIMITS, type ImageClassifierLimits } from './http/service-limits.js';
export { imageClassifierEnvSchema, toServiceSettings, type ImageClassifierEnv } from './http/service-config.js';
export { buildImageClassifierOpenApi } from './http/openapi-document.js';
export { preprocessImage, preprocessPixels } from './preprocess/preprocess-image.js';
export { NO_DIGIT_REASON, normalizeDigit, type DigitResult } from './preprocess/normalize-digit.js';
export { parsePixelGrid } from './preprocess/pixel-input.js';
export { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './preprocess/image-limits.js';
export { ImageInputError, type ImageInputErrorCode } from './preprocess/image-input-error.js';
export { loadCheckpointClassifier, type CheckpointClassifier } from './serving/checkpoint-classifier.js';
export { serveDigitClassifier, type ServeDigitsOptions, type ServedDigits } from './serving/serve-digits.js';
export { defaultDigitModel, runMainJob, type MainJobOptions, type MainJobResult } from './main-job.js';
export { defaultCheckpointModel } from './serving/default-checkpoint.js';
