/** The engine's public API: options, the runs behind the commands, the training loop and its files. */
export { durableFileOps, fsyncDir, writeFileAtomic, type FileOps } from '../util/atomic_write.js';
export { checkpointFiles, checkpointTags, readEngineState, type EngineState } from './checkpoint.js';
export { committedPath } from './commit.js';
export { compareExperiments, formatCompare, type CompareKey, type CompareTable } from './compare.js';
export { runDemo, demoProtocol, DEMO_DATA, DEMO_OPTIONS, type DemoResult } from './demo.js';
export {
  EmptyEpochError,
  Engine,
  TrainingDivergedError,
  epochLine,
  freshState,
  type BatchEndContext,
  type EngineHooks,
  type EngineParts,
  type EngineSettings,
  type EpochEndContext,
  type Evaluate,
  type Mode,
  type SplitEmbeddings,
  type TrainOutcome,
} from './engine.js';
export { DEFAULT_SAVING_CRITERIA, type EngineOptions, type ExpOptions, type MiscOptions, type OptimizerOptions } from './engine_options.js';
export {
  evaluateExperiment,
  extractExperiment,
  metricsTable,
  restoreExperiment,
  trainExperiment,
  type EvalResult,
  type ExtractResult,
  type RestoredExperiment,
  type RunHooks,
  type TrainResult,
} from './experiment.js';
export { ExperimentLogger, logFiles, readLogs, readSeries, type Logs, type Notes, type Series } from './logger.js';
export { OptionsError, helpText, parseArgs, resolveOptions, type Override, type ResolvedOptions } from './options.js';
export { loadOptions, optionsSchema, type DatasetOptions, type LoadedOptions, type Options } from './options_schema.js';
export type { BatchSource, EmbeddingModel } from './parts.js';
export { writeExperimentView, experimentFigures } from './view.js';
