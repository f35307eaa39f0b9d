/**
 * The engine's saves into the experiment folder. A save (after each epoch,
 * or when stopped) is one commit (commit.ts): ckpt_last, the improved
 * ckpt_best_* and logs.json land together or not at all, and each
 * checkpoint records the length of every logged series, so the folder
 * never holds logs of training its checkpoints do not have, or the
 * reverse.
 */
import { basename } from 'node:path';
import type { EngineSaver, SaveRequest } from '../engine/engine.js';
import type { EngineState } from '../engine/state.js';
import { durableFileOps, type FileOps } from '../util/atomic_write.js';
import { checkpointFiles, encodeCheckpoint, engineFileText } from './checkpoint.js';
import { writeCommit, type StagedFile } from './commit.js';
import type { ExperimentLogger } from './logger.js';

export interface FolderSaverOptions {
  /** How files are written into the folder (default: durably); tests inject crashes here. */
  files?: FileOps;
  /** Files that go with the first save only (a resumed run's options.yaml). */
  firstSaveExtras?: StagedFile[];
}

export function folderSaver(dir: string, logger: ExperimentLogger, options: FolderSaverOptions = {}): EngineSaver {
  let saves = 0;
  const name = (tag: string) => {
    const f = checkpointFiles(dir, tag);
    return { model: basename(f.model), optimizer: basename(f.optimizer), engine: basename(f.engine) };
  };
  return {
    async save({ state: reached, improved, variables, optimizer }: SaveRequest): Promise<EngineState> {
      const token = `${Date.now().toString(36)}-${process.pid}-${reached.epoch}-${reached.batchInEpoch}`;
      const tensors = await encodeCheckpoint(variables, optimizer, token);
      const state: EngineState = { ...reached, token, savedAt: new Date().toISOString(), logLengths: logger.lengths() };
      const last = name('last');
      const files: StagedFile[] = [
        { name: last.model, data: tensors.model },
        { name: last.optimizer, data: tensors.optimizer },
        ...improved.flatMap((key) => {
          const best = name(`best_${key}`);
          return [
            { name: best.model, data: tensors.model },
            { name: best.optimizer, data: tensors.optimizer },
            { name: best.engine, data: engineFileText(state) },
          ];
        }),
        { name: basename(logger.files.json), data: logger.serialize() },
        ...(saves > 0 ? [] : (options.firstSaveExtras ?? [])),
      ];
      writeCommit(options.files ?? durableFileOps, dir, token, files, engineFileText({ ...state, commit: files.map((f) => f.name) }));
      saves++;
      return state;
    },
  };
}
