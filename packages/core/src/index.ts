export { ConfigError, EssenceError, UnknownComponentError } from './errors.js';
export { createLogger, type Logger } from './logging/logger.js';
export { ComponentRegistry, type NamedComponent } from './registry/registry.js';
export { createEssence, type Essence } from './registry/essence.js';
export type { ModelFactory, ModelOutput, ModelSpec } from './models/model-factory.js';
export type { Loss, LossInput, TargetFormat } from './losses/loss.js';
export type { OptimizerContext, OptimizerFactory, OptimizerOptions } from './optimizers/optimizer-factory.js';
export type { Metric, MetricFactory } from './metrics/metric.js';
export type {
  BatchLogs,
  Callback,
  CallbackFactory,
  EpochLogs,
  TrainingContext,
  TrainingSummary,
} from './callbacks/callback.js';
export type { LabelledDataset } from './data/dataset.js';
export type { NewRun, RunRecord, RunStatus, RunStore } from './store/run-store.js';
