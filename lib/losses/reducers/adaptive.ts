/** `reduction: adaptive` (AdaMine): sum / number of non-zero costs; exactly 0, still on the graph, when none is active. */
import * as tf from '@tensorflow/tfjs';
import { activeCount, type Reducer } from './reducer.js';

export const adaptive: Reducer = (values) => tf.div(tf.sum(values), tf.maximum(activeCount(values), 1)) as tf.Scalar;
