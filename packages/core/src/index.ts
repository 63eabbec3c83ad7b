export { ConfigError, EssenceError, UnknownComponentError } from './errors.js';
export { createLogger, type Logger } from './logging/logger.js';
export { ComponentRegistry, type NamedComponent } from './registry/registry.js';
export { createEssence, type AnyModelFactory, type Essence } from './registry/essence.js';
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
export {
  resolveBackend,
  type BackendCandidate,
  type BackendResolution,
  type CandidateStatus,
  type ResolveBackendOptions,
} from './backend/resolve-backend.js';
export { describeBackends, type DescribeBackendsOptions } from './backend/describe-backends.js';
export { runDoctor, type DoctorOptions, type DoctorReport } from './backend/doctor.js';
export { formatDoctorReport } from './backend/format-doctor-report.js';
export {
  checkGradientKernels,
  type GradientKernelCheckOptions,
  type GradientKernelReport,
} from './backend/check-gradient-kernels.js';
export {
  recordGradientKernels,
  type RecordedKernels,
  type RecordGradientKernelsOptions,
} from './backend/record-gradient-kernels.js';
export { collectVersions, type VersionInfo } from './backend/versions.js';
export {
  BackendUnavailableError,
  MissingKernelError,
  UnknownBackendError,
  type MissingKernel,
} from './backend/backend-errors.js';
export { AUTO_BACKEND, BACKEND_PREFERENCE, isBackendName, type BackendName } from './backend/backend-names.js';
export {
  BACKEND_ENV_VAR,
  readBackendRequest,
  type BackendRequest,
  type BackendRequestSource,
} from './backend/backend-request.js';
export type { BackendAvailability, BackendStatus } from './backend/backend-status.js';
export {
  registerLayer,
  registeredLayerClassNames,
  translateUnknownLayerError,
  UnregisteredLayerError,
  type LayerClass,
} from './layers/custom-layers.js';
export { saveCheckpoint, type SaveCheckpointOptions, type SavedCheckpoint } from './checkpoint/save-checkpoint.js';
export { loadCheckpoint, type LoadCheckpointOptions, type LoadedCheckpoint } from './checkpoint/load-checkpoint.js';
export { captureOptimizerState, restoreOptimizer, type OptimizerState } from './checkpoint/optimizer-state.js';
export { FileSystemIOHandler, type FileSystemIOHandlerOptions } from './checkpoint/file-system-io-handler.js';
export {
  CheckpointCorruptedError,
  CheckpointNotFoundError,
  NonFiniteWeightsError,
  OptimizerStateError,
} from './checkpoint/checkpoint-errors.js';
export type {
  BestCheckpointSelection,
  CheckpointMetadata,
  StoredCheckpointMetadata,
  TrainingState,
} from './checkpoint/checkpoint-metadata.js';
export { CHECKPOINT_FILES, CHECKPOINT_FORMAT_VERSION } from './checkpoint/checkpoint-layout.js';
export type { FileWriter } from './checkpoint/durable-files.js';
export {
  BestCheckpointCallback,
  bestCheckpoint,
  decideBestCheckpoint,
  initialBestCheckpointState,
  type BestCheckpointDecision,
  type BestCheckpointFactory,
  type BestCheckpointOptions,
  type BestCheckpointRule,
  type BestCheckpointState,
} from './callbacks/best-checkpoint.js';
export { accuracyMetric, topKAccuracyMetric } from './metrics/accuracy.js';
export { meanAbsoluteErrorMetric, meanSquaredErrorMetric } from './metrics/regression-metrics.js';
export { StreamingMeanMetric, meanMetricFactory, type PerExampleValues } from './metrics/streaming-mean.js';
export { evaluateClassifier, type EvaluateClassifierOptions } from './evaluation/evaluate-classifier.js';
export {
  ClassificationAccumulator,
  type ClassificationAccumulatorOptions,
} from './evaluation/classification-accumulator.js';
export {
  computeConfusionMatrixMetrics,
  type ClassMetrics,
  type ClassificationMetrics,
} from './evaluation/classification-metrics.js';
export { ConfusionMatrix } from './evaluation/confusion-matrix.js';
export { CalibrationHistogram, type CalibrationBin } from './evaluation/calibration.js';
export { hashDataset, type DatasetHashes } from './evaluation/dataset-hash.js';
export type {
  EvaluationProtocol,
  EvaluationReport,
  RecordedEvaluationProtocol,
} from './evaluation/evaluation-report.js';
export { SqliteRunStore, type SqliteRunStoreOptions } from './store/sqlite-run-store.js';
export { resolveRunStorePath, type RunStoreLocation } from './store/run-store-path.js';
export {
  InvalidRunDataError,
  RunNotFoundError,
  RunStateError,
  RunStoreVersionError,
} from './store/run-store-errors.js';
export { formatRunDetails, formatRunTable } from './store/format-runs.js';
export { BaseLoss, meanPerExample } from './losses/base-loss.js';
export { CategoricalCrossentropy, SparseCategoricalCrossentropy } from './losses/categorical-crossentropy.js';
export { BinaryCrossentropy } from './losses/binary-crossentropy.js';
export { MeanAbsoluteError, MeanSquaredError } from './losses/regression-losses.js';
export { builtinLosses } from './losses/builtin.js';
export {
  adamOptimizer,
  builtinOptimizers,
  DEFAULT_MOMENTUM,
  momentumOptimizer,
  rmspropOptimizer,
  sgdOptimizer,
} from './optimizers/builtin.js';
export { AdamWOptimizer } from './optimizers/adamw-optimizer.js';
export { DisposableMomentumOptimizer } from './optimizers/momentum-optimizer.js';
export {
  findFusedOptimizer,
  registerFusedOptimizer,
  type FusedOptimizerCreator,
} from './optimizers/fused-optimizers.js';
export { getLearningRate, setLearningRate } from './optimizers/learning-rate.js';
export {
  learningRateAt,
  learningRateScheduleSchema,
  parseLearningRateSchedule,
  type LearningRateScheduleConfig,
} from './optimizers/learning-rate-schedule.js';
export { optimizerOptionsSchema, parseOptimizerOptions } from './optimizers/optimizer-options.js';
export { createRandom, type Random } from './data/random.js';
export { shuffled, shuffledIndices } from './data/shuffle.js';
export { stratifiedSplit, type SplitOptions, type StratifiedSplit } from './data/stratified-split.js';
export {
  elementCount,
  resolveDatasetInput,
  toArrayDataset,
  type ArrayDataset,
  type DatasetInput,
  type DatasetSubset,
  type ResolvedDataset,
} from './data/array-dataset.js';
export type { Augmentation } from './data/augmentation.js';
export { batchCount, iterateBatches, type BatchOptions, type TensorBatch } from './data/batch-iterator.js';
export { summarizeTargets, type TargetSummary } from './data/target-summary.js';
export { builtinCallbacks } from './callbacks/builtin.js';
export {
  EarlyStopping,
  earlyStoppingFactory,
  earlyStoppingOptionsSchema,
  type EarlyStoppingOptions,
} from './callbacks/early-stopping.js';
export {
  decideEarlyStopping,
  initialEarlyStoppingState,
  type EarlyStoppingDecision,
  type EarlyStoppingRule,
  type EarlyStoppingState,
} from './callbacks/early-stopping-decision.js';
export {
  ReduceLROnPlateau,
  reduceLROnPlateauFactory,
  reduceLROnPlateauOptionsSchema,
  type ReduceLROnPlateauOptions,
} from './callbacks/reduce-lr-on-plateau.js';
export {
  decidePlateau,
  initialPlateauState,
  type PlateauDecision,
  type PlateauRule,
  type PlateauState,
} from './callbacks/plateau-decision.js';
export {
  LearningRateScheduler,
  learningRateSchedulerFactory,
  type LearningRateSchedulerOptions,
} from './callbacks/learning-rate-scheduler.js';
export { History, historyFactory } from './callbacks/history.js';
export { ProgressBar, progressBarFactory, type ProgressBarOptions } from './callbacks/progress-bar.js';
export {
  isImprovement,
  monitorModeSchema,
  readMonitoredValue,
  resolveMode,
  worstValue,
  type MonitorMode,
} from './callbacks/monitor.js';
export { train } from './training/trainer.js';
export type { TrainerOptions } from './training/trainer-options.js';
export { checkTargets, type TargetCheckInput, type TargetPlan } from './training/check-targets.js';
export { NonFiniteLossError, TargetMismatchError, TrainingAbortedError } from './training/training-errors.js';
export { accuracyKindOf, countCorrect, type AccuracyKind } from './training/accuracy.js';
export { checkExampleShape, describeModelIo, type ModelIo } from './training/model-io.js';
export { RunRecorder } from './callbacks/run-recorder.js';
