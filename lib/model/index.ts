/** The model's public API. */
export { AdaMine, type ModelDims } from './adamine.js';
export { networkSchema, INSTRUCTION_VARIANTS, type InstructionVariant, type NetworkOptions } from './options.js';
export { readWordVectors, type WordVectors } from './word_vectors.js';
