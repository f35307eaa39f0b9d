/**
 * The engine's optimizers on plain Float32Arrays (the replicas' shared
 * optimizer state), with their own arithmetic:
 * - Adam as FusedAdam computes it: the native addon's one-pass loop when it
 *   is loaded (the very kernel FusedAdam runs, so the update is the same to
 *   the bit), else tfjs's Adam formula op by op in float32 (what FusedAdam
 *   falls back to without the addon);
 * - SGD with momentum as tfjs's MomentumOptimizer computes it, op by op in
 *   float32.
 */
import { nativeAdam } from '../../backend/index.js';

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** The update rule the replicas apply, with the main optimizer's settings. */
export type SharedRule = ({ kind: 'adam' } & AdamHyper) | { kind: 'momentum'; lr: number; momentum: number; nesterov: boolean };

/** Where one step stands: the bias corrections 1 − β^t (float32, as tfjs's running products give them) and the clipping factor. */
export interface AdamStepScalars {
  c1: number;
  c2: number;
  scale: number;
}

const f = Math.fround;

/** x1, m1, v1 ← one Adam step of x, m, v with gradient g × scale; the outputs must not overlap the inputs. */
export function adamInto(
  x: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  x1: Float32Array,
  m1: Float32Array,
  v1: Float32Array,
  h: AdamHyper,
  s: AdamStepScalars,
): void {
  const native = nativeAdam();
  if (native) {
    native(x, g, m, v, x1, m1, v1, h.lr, h.beta1, h.beta2, h.epsilon, s.c1, s.c2, s.scale);
    return;
  }
  const b1 = f(h.beta1);
  const b2 = f(h.beta2);
  const ob1 = f(1 - h.beta1);
  const ob2 = f(1 - h.beta2);
  const eps = f(h.epsilon);
  const negLr = f(-h.lr);
  const scale = f(s.scale);
  const c1 = f(s.c1);
  const c2 = f(s.c2);
  for (let i = 0; i < x.length; i++) {
    const gi = s.scale === 1 ? g[i] : f(g[i] * scale);
    const mi = f(f(m[i] * b1) + f(gi * ob1));
    const vi = f(f(v[i] * b2) + f(f(gi * gi) * ob2));
    m1[i] = mi;
    v1[i] = vi;
    x1[i] = f(f(f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + eps)) * negLr) + x[i]);
  }
}

/** The next running product β^(t+1) from β^t, in float32 as tfjs's accBeta variables hold it. */
export function nextAccBeta(acc: number, beta: number): number {
  return f(acc * f(beta));
}

/** x1, a1 ← one step of tfjs's momentum update of x (accumulation a) with gradient g × scale: a1 = m·a + g, x1 = x − lr·a1 (Nesterov: x − lr·(g + m·a1)). */
export function momentumInto(x: Float32Array, g: Float32Array, a: Float32Array, x1: Float32Array, a1: Float32Array, rule: { lr: number; momentum: number; nesterov: boolean }, scale: number): void {
  const m = f(rule.momentum);
  const c = f(-rule.lr);
  const s = f(scale);
  for (let i = 0; i < x.length; i++) {
    const gi = scale === 1 ? g[i] : f(g[i] * s);
    const ai = f(f(m * a[i]) + gi);
    a1[i] = ai;
    x1[i] = rule.nesterov ? f(f(c * f(gi + f(ai * m))) + x[i]) : f(f(c * ai) + x[i]);
  }
}
