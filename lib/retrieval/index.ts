/** Public API of retrieval for people: the index, queries, the trained model's session (the embeddings files are lib/engine/embeddings_io.ts). */
export { CosineIndex } from './cosine_index.js';
export { checkQueryImage, decodeQueryImage, QUERY_IMAGE_FORMATS } from './image_input.js';
export { parseIngredientList, resolveIngredients, type ResolvedIngredients, type TokenLookup } from './ingredient_query.js';
export { QueryError } from './query_error.js';
export { recipeView, type RecipeView } from './recipe_view.js';
export {
  MAX_TOP,
  parseTop,
  Retriever,
  type QueryEncoder,
  type QueryKind,
  type RecipeCatalog,
  type RecipeDetails,
  type RetrieverCounts,
  type SearchHit,
  type SearchResult,
} from './retriever.js';
export { ModelQueryEncoder } from './model_encoder.js';
export { StoreCatalog } from './store_catalog.js';
export { openSearchSession, type SearchSession, type SearchSplit } from './session.js';
