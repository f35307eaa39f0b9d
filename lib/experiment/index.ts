/** The experiment layer's public API: the runs behind the commands, and the experiment folder's files (checkpoints, logs, view, embeddings). */
export { durableFileOps, fsyncDir, writeFileAtomic, type FileOps } from '../util/atomic_write.js';
export { checkpointFiles, checkpointTags, readEngineState } from './checkpoint.js';
export { committedPath } from './commit.js';
export { compareExperiments, formatCompare, type CompareKey, type CompareTable } from './compare.js';
export { runDemo, demoProtocol, DEMO_DATA, DEMO_OPTIONS, type DemoResult } from './demo.js';
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
export { folderSaver, type FolderSaverOptions } from './folder_saver.js';
export { ExperimentLogger, logFiles, readLogs, readSeries, type Logs, type Notes, type Series } from './logger.js';
export { writeExperimentView, experimentFigures } from './view.js';
