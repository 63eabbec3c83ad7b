import { z } from 'zod';

/** Digit models this app can train. */
export const digitModelNames = ['mlp', 'cnn'] as const;
export type DigitModelName = (typeof digitModelNames)[number];

/**
 * Training settings of the digit classifier. Defaults reproduce the reference set-up: Adam at 1e-3, batch
 * 64, 10% of the training digits held out (stratified) for validation, small random shifts and rotations
 * of each training batch, and the learning rate halved when the validation loss stops improving.
 */
export const digitTrainingConfigSchema = z.strictObject({
  model: z.enum(digitModelNames, { error: "model must be 'mlp' or 'cnn'" }).default('mlp'),
  /** Model config, validated by the model factory's own schema; `{}` takes the factory defaults. */
  modelConfig: z.record(z.string(), z.unknown()).default(() => ({})),
  epochs: z.int().positive({ error: 'epochs must be a positive integer, e.g. 20' }).optional(),
  batchSize: z.int().positive({ error: 'batchSize must be a positive integer, e.g. 64' }).default(64),
  learningRate: z.number().positive({ error: 'learningRate must be positive, e.g. 0.001' }).default(1e-3),
  optimizer: z.string().min(1).default('adam'),
  /** Fraction of the training digits held out for validation, stratified by class. */
  validationFraction: z
    .number()
    .gt(0, { error: 'validationFraction must be in (0, 0.5], e.g. 0.1' })
    .max(0.5, { error: 'validationFraction must be in (0, 0.5], e.g. 0.1' })
    .default(0.1),
  /** Whether each training batch gets random shifts (±2 px) and rotations (±10°). */
  augment: z.boolean().default(true),
  /** Epochs without a better validation loss before training stops. */
  patience: z.int().positive().default(8),
  seed: z.int().default(42),
});

export type DigitTrainingConfigInput = z.input<typeof digitTrainingConfigSchema>;

/** A validated training config with every default filled, including the model's epoch count. */
export type DigitTrainingConfig = Omit<z.output<typeof digitTrainingConfigSchema>, 'epochs'> & { epochs: number };

// Epoch budgets that reach the documented accuracy on the bundled 9,000 training digits with augmentation;
// early stopping usually ends sooner.
const defaultEpochs: Record<DigitModelName, number> = { mlp: 40, cnn: 25 };

/**
 * Validates a raw training config and fills its defaults.
 *
 * @throws z.ZodError naming each invalid field.
 */
export function parseDigitTrainingConfig(input: DigitTrainingConfigInput): DigitTrainingConfig {
  const parsed = digitTrainingConfigSchema.parse(input);
  return { ...parsed, epochs: parsed.epochs ?? defaultEpochs[parsed.model] };
}
