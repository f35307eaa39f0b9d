import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadOptions } from '../../lib/engine/options_schema.js';
import { mergeOverrides, overrideArgs } from '../../lib/notebook/option_overrides.js';

test('typed overrides: --key=value per leaf (null: none, lists in flow form), merged section by section, and they load as the same options', () => {
  const base = { engine: { nb_epochs: 3, patience: 2 }, optimizer: { name: 'sgd', lr: 0.05 }, misc: { seed: 7 } } as const;
  const over = mergeOverrides(base, { engine: { patience: null, saving_criteria: ['eval_epoch.metric.med_im2recipe_mean:min'] }, optimizer: { momentum: 0.5 } });
  assert.deepEqual(overrideArgs(over), [
    '--engine.nb_epochs=3',
    '--engine.patience=',
    '--engine.saving_criteria=[eval_epoch.metric.med_im2recipe_mean:min]',
    '--optimizer.name=sgd',
    '--optimizer.lr=0.05',
    '--optimizer.momentum=0.5',
    '--misc.seed=7',
  ]);
  const options = loadOptions(['-o', 'options/avg.yaml', ...overrideArgs(over)]).options;
  assert.equal(options.engine.patience, null);
  assert.deepEqual(options.engine.saving_criteria, ['eval_epoch.metric.med_im2recipe_mean:min']);
  assert.deepEqual([options.optimizer.name, options.optimizer.lr, options.optimizer.momentum, options.misc.seed], ['sgd', 0.05, 0.5, 7]);
  assert.equal(loadOptions(['-o', 'options/avg.yaml', ...overrideArgs({ engine: { patience: 4 } })]).options.engine.patience, 4);
});
