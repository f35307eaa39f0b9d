/** Public API of retrieval for people: embeddings files, the index, queries, the web server. */
export {
  EMBEDDINGS_FORMAT,
  EMBEDDINGS_VERSION,
  embeddingsDir,
  hasEmbeddings,
  readEmbeddings,
  writeEmbeddings,
  type Embeddings,
  type EmbeddingsIndex,
  type LoadedEmbeddings,
} from './embeddings_io.js';
export { CosineIndex } from './cosine_index.js';
export { checkQueryImage, decodeQueryImage, QUERY_IMAGE_FORMATS } from './image_input.js';
export { parseIngredientList, resolveIngredients, type ResolvedIngredients, type TokenLookup } from './ingredient_query.js';
export { QueryError } from './query_error.js';
export {
  MAX_TOP,
  parseTop,
  Retriever,
  type QueryEncoder,
  type QueryKind,
  type RecipeCatalog,
  type RecipeDetails,
  type SearchHit,
  type SearchResult,
} from './retriever.js';
export { ModelQueryEncoder, type RecipeTokens } from './model_encoder.js';
export { StoreCatalog } from './store_catalog.js';
export { createSearchServer, DEFAULT_MAX_UPLOAD_BYTES, imageUrl, type ServerOptions } from './server.js';
export { openSearchSession, parseSplit, type SearchSession } from './session.js';
