/**
 * The `model.network` options: the widths of the AdaMine encoders and how
 * instructions are read. Defaults are the paper's configuration (docs/method.md §3.1),
 * except the word-level sentence LSTM, which the original replaced by
 * precomputed 1024-d skip-thought vectors (see `sentence_hidden`).
 */
import { int, str, type Infer, type Section } from '../options/index.js';

export const INSTRUCTION_VARIANTS = ['hierarchical', 'sentence_vectors'] as const;
export type InstructionVariant = (typeof INSTRUCTION_VARIANTS)[number];

export const networkSchema = {
  /** Width of the word embedding shared by ingredients and instructions. */
  word_dim: int(300, 'word embedding width (word2vec vectors are 300-d)', { min: 1 }),
  word2vec: str(null, 'word2vec vectors (text or binary format) to initialise the word embedding; empty: random'),
  /** The bi-LSTM's output is twice this. */
  ingredient_hidden: int(300, 'hidden units per direction of the ingredient bi-LSTM', { min: 1 }),
  // 512 rather than the skip-thought 1024: a trained word-level LSTM runs over
  // every word of every sentence of the batch, which at 1024 units is the
  // dominant cost and memory of a wasm training step (see the model report).
  sentence_hidden: int(512, 'hidden units of the word-level sentence LSTM (hierarchical variant)', { min: 1 }),
  instruction_hidden: int(1024, 'hidden units of the sentence-level instruction LSTM', { min: 1 }),
  /** The shared space is L2-normalised. */
  embedding_dim: int(1024, 'width of the shared embedding space', { min: 1 }),
  /** `hierarchical`: word LSTM then sentence LSTM; `sentence_vectors`: sentence LSTM over the store's precomputed vectors. */
  instruction_variant: str('hierarchical', 'how instructions are read: a word-level LSTM per sentence, or precomputed sentence vectors', {
    choices: INSTRUCTION_VARIANTS,
  }),
  init_seed: int(null, 'seed of the parameter initialisation; empty: the run seed (misc.seed)'),
} satisfies Section;

export type NetworkOptions = Infer<typeof networkSchema>;
