/** The engine's public API: the assembled option tree, the training loop and its parts. */
export {
  EmptyEpochError,
  Engine,
  TrainingDivergedError,
  epochLine,
  type BatchEndContext,
  type EngineHooks,
  type EngineParts,
  type EngineSaver,
  type EngineSettings,
  type EpochEndContext,
  type Evaluate,
  type Mode,
  type RunLog,
  type SaveRequest,
  type SplitEmbeddings,
  type TrainOutcome,
} from './engine.js';
export { DEFAULT_SAVING_CRITERIA, RETIRED_OPTIONS, type EngineOptions, type ExpOptions, type MiscOptions, type OptimizerOptions } from './engine_options.js';
export { checkpointVariables } from './named_variables.js';
export { loadOptions, optionsSchema, type LoadedOptions, type Options } from './options_schema.js';
export type { BatchSource, EmbeddingModel } from './parts.js';
export { freshState, type EngineState } from './state.js';
