/** `reduction: mean` ("avg"): the mean over all costs, zeros included. */
import * as tf from '@tensorflow/tfjs';
import type { Reducer } from './reducer.js';

export const mean: Reducer = (values) => tf.mean(values) as tf.Scalar;
