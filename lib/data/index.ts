/** The data module's public API. */
export * from './types.js';
export { CLASS_NAMES, FOOD101_NAMES, DISH_BIGRAMS } from './class_names.js';
export { TitleClassifier, classOfTitle, readClassesJson, wordStem } from './classes.js';
export { words, ingredientToken } from './text.js';
export { extractIngredientName } from './ingredients.js';
export { streamJsonArray } from './stream_json.js';
export { openRecipe1M, recipes, parseLayer1Record, readLayer2, readDetIngrs, type Recipe1MSource } from './recipe1m.js';
export { Vocabulary, PAD, UNK, DEFAULT_LIMITS, encodeText, countRecipeTokens, defaultMinCount, type Limits } from './vocab.js';
export { sentenceVector } from './sentence_vectors.js';
export { SCHEMA_VERSION, SKIP_REASONS, type Manifest, type SkipReason, type SplitCounts } from './manifest.js';
export { RecipeStore, makeBatch, imagePicker, readManifest, storePath, type ImagePicker } from './store.js';
export { trainBatches, evalBatches } from './samplers.js';
export { datasetSchema } from './schema.js';
export { prepareRecipe1M, resolveImage, type PrepareOptions, type PrepareResult } from './prepare.js';
export { decodeImage } from './image_decode.js';
export { generateCookbook, MINI_SIZES, imageRelPath, type GenerateOptions, type GenerateSummary, type MiniSize } from './generator/generate.js';
export { createBackbone, MiniV1Backbone, TfjsModelBackbone, MINI_V1_DIM, type ImageBackbone, type RawImage } from './backbone/index.js';
