/*
 * Native kernels for the wasm backend, on Float32Array views of the wasm
 * heap (zero copy): OpenBLAS's cblas_sgemm for matMul, and a vectorised
 * Adam update. Loaded only when built (npm run build:native); see
 * lib/backend.ts, which falls back to the wasm/JS kernels without it.
 *
 * sgemm(a, b, c, batch, m, k, n, transA, transB, aStride, bStride)
 *   C[i] = op(A[i]) · op(B[i]) for i < batch, row-major; A[i] starts at
 *   i * aStride floats (0 broadcasts one matrix over the batch), same for B;
 *   C[i] at i * m * n.
 * adam(x, g, m, v, x1, m1, v1, lr, beta1, beta2, epsilon, c1, c2, scale)
 *   one Adam step into new arrays x1, m1, v1 (same formula as lib/backend.ts's JS loop).
 * countAbove(s, images, recipes, dim, i0, n, count, match, tol, rows, cols) → settled
 *   the counting pass of lib/metrics/ranks.ts (countAbove's JavaScript loop,
 *   decision for decision) over one block s = S[i0 .. i0+n-1, 0 .. count-1]:
 *   rows[r] = #{j : S[i0+r, j] > match[i0+r]}, cols[j] += #{r : S[i0+r, j] >
 *   match[j]}, every comparison within tol of its threshold decided by
 *   settling_dot (lib/metrics/near_ties.ts's settlingDot: the same float64
 *   operations in the same order, so the same bits). Returns how many
 *   entries it settled.
 * reduceParts(parts, out) → Σ out²
 *   the data-parallel gradient reduce: out[i] = parts[0][i] + parts[1][i] + …
 *   in float32, in rank order; returns the sum of squares in float64.
 * updateSquares(x0, x1, moved, sums)
 *   sums[0] = Σ x0², sums[1] = Σ (x1 − x0)² when moved (else 0), in float64.
 * setThreads(n), threads() → the OpenBLAS thread count.
 */
#include <math.h>
#include <cblas.h>
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>

extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);

#define CHECK(env, call, msg)                     \
  if ((call) != napi_ok) {                        \
    napi_throw_error((env), NULL, (msg));         \
    return NULL;                                  \
  }

static void *typed_view(napi_env env, napi_value v, napi_typedarray_type want, size_t *length) {
  napi_typedarray_type type;
  void *data = NULL;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, &data, &buffer, &offset) != napi_ok || type != want) return NULL;
  return data;
}

static float *float_view(napi_env env, napi_value v, size_t *length) {
  return typed_view(env, v, napi_float32_array, length);
}

static bool int_arg(napi_env env, napi_value v, int64_t *out) {
  return napi_get_value_int64(env, v, out) == napi_ok;
}

static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL), "sgemm: bad call");
  if (argc != 11) {
    napi_throw_type_error(env, NULL, "sgemm expects 11 arguments (a, b, c, batch, m, k, n, transA, transB, aStride, bStride)");
    return NULL;
  }
  size_t la, lb, lc;
  float *a = float_view(env, argv[0], &la);
  float *b = float_view(env, argv[1], &lb);
  float *c = float_view(env, argv[2], &lc);
  if (!a || !b || !c) {
    napi_throw_type_error(env, NULL, "sgemm: a, b and c must be Float32Arrays");
    return NULL;
  }
  int64_t batch, m, k, n, aStride, bStride;
  bool transA, transB;
  if (!int_arg(env, argv[3], &batch) || !int_arg(env, argv[4], &m) || !int_arg(env, argv[5], &k) || !int_arg(env, argv[6], &n) ||
      napi_get_value_bool(env, argv[7], &transA) != napi_ok || napi_get_value_bool(env, argv[8], &transB) != napi_ok ||
      !int_arg(env, argv[9], &aStride) || !int_arg(env, argv[10], &bStride)) {
    napi_throw_type_error(env, NULL, "sgemm: batch, m, k, n, strides must be integers and transA, transB booleans");
    return NULL;
  }
  if (batch < 1 || m < 1 || k < 1 || n < 1 || aStride < 0 || bStride < 0 ||
      (size_t)((batch - 1) * aStride + m * k) > la || (size_t)((batch - 1) * bStride + k * n) > lb ||
      (size_t)(batch * m * n) > lc) {
    napi_throw_range_error(env, NULL, "sgemm: shapes do not fit the arrays");
    return NULL;
  }
  const int lda = transA ? (int)m : (int)k;
  const int ldb = transB ? (int)k : (int)n;
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k, 1.0f,
                a + i * aStride, lda, b + i * bStride, ldb, 0.0f, c + i * m * n, (int)n);
  }
  return NULL;
}

static bool double_arg(napi_env env, napi_value v, double *out) {
  return napi_get_value_double(env, v, out) == napi_ok;
}

/*
 * settlingDot: products of float32 values are exact in float64, so a fused
 * multiply-add rounds the same as a multiply then an add; the four partial
 * sums and their final order are those of the JavaScript function, and the
 * compiler does not reassociate them (build.sh never passes -ffast-math).
 */
static inline double settling_dot(const float *a, const float *b, int64_t dim) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t k = 0;
  for (; k + 3 < dim; k += 4) {
    s0 += (double)a[k] * (double)b[k];
    s1 += (double)a[k + 1] * (double)b[k + 1];
    s2 += (double)a[k + 2] * (double)b[k + 2];
    s3 += (double)a[k + 3] * (double)b[k + 3];
  }
  for (; k < dim; k++) s0 += (double)a[k] * (double)b[k];
  return s0 + s1 + (s2 + s3);
}

/*
 * The counting loop, compiled for AVX2 and plain x86-64 and chosen at load
 * time: AVX2 runs settling_dot's four partial sums as one vector of four
 * doubles, the same multiplies and adds in the same order (FMA is not
 * enabled, and would round the same anyway: the products are exact).
 */
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx2", "default")))
#endif
static int64_t count_loop(const float *s, const float *images, const float *recipes, int64_t dim, int64_t i0, int64_t n, int64_t count,
                          const double *match, double tol, int32_t *rows, int32_t *cols) {
  int64_t settled = 0;
  for (int64_t r = 0; r < n; r++) {
    const int64_t i = i0 + r;
    const float *row = s + r * count;
    const double own = match[i];
    int32_t above = 0;
    for (int64_t j = 0; j < count; j++) {
      const double v = (double)row[j];
      const double row_gap = v - own;
      const double col_gap = v - match[j];
      above += row_gap > tol;
      cols[j] += col_gap > tol;
      const bool row_near = row_gap >= -tol && row_gap <= tol;
      const bool col_near = col_gap >= -tol && col_gap <= tol;
      if (j != i && (row_near || col_near)) {
        const double exact = settling_dot(images + i * dim, recipes + j * dim, dim);
        settled++;
        if (row_near && exact > own) above++;
        if (col_near && exact > match[j]) cols[j]++;
      }
    }
    rows[r] = above;
  }
  return settled;
}

static napi_value count_above(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL), "countAbove: bad call");
  if (argc != 11) {
    napi_throw_type_error(env, NULL, "countAbove expects 11 arguments (s, images, recipes, dim, i0, n, count, match, tol, rows, cols)");
    return NULL;
  }
  size_t ls, li, lr, lm, lrows, lcols;
  const float *s = typed_view(env, argv[0], napi_float32_array, &ls);
  const float *images = typed_view(env, argv[1], napi_float32_array, &li);
  const float *recipes = typed_view(env, argv[2], napi_float32_array, &lr);
  const double *match = typed_view(env, argv[7], napi_float64_array, &lm);
  int32_t *rows = typed_view(env, argv[9], napi_int32_array, &lrows);
  int32_t *cols = typed_view(env, argv[10], napi_int32_array, &lcols);
  if (!s || !images || !recipes || !match || !rows || !cols) {
    napi_throw_type_error(env, NULL, "countAbove: s, images, recipes Float32Arrays, match a Float64Array, rows and cols Int32Arrays");
    return NULL;
  }
  int64_t dim, i0, n, count;
  double tol;
  if (!int_arg(env, argv[3], &dim) || !int_arg(env, argv[4], &i0) || !int_arg(env, argv[5], &n) || !int_arg(env, argv[6], &count) ||
      !double_arg(env, argv[8], &tol)) {
    napi_throw_type_error(env, NULL, "countAbove: dim, i0, n, count must be integers and tol a number");
    return NULL;
  }
  if (dim < 1 || n < 1 || count < 1 || i0 < 0 || i0 + n > count || (size_t)(n * count) > ls || (size_t)(count * dim) > li ||
      (size_t)(count * dim) > lr || (size_t)count > lm || (size_t)n > lrows || (size_t)count > lcols) {
    napi_throw_range_error(env, NULL, "countAbove: shapes do not fit the arrays");
    return NULL;
  }
  const int64_t settled = count_loop(s, images, recipes, dim, i0, n, count, match, tol, rows, cols);
  napi_value out;
  CHECK(env, napi_create_int64(env, settled, &out), "countAbove: cannot create result");
  return out;
}

/* Compiled for AVX-512, AVX2 and plain x86-64, chosen at load time: the build stays portable. */
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static void adam_loop(size_t n, const float *restrict x, const float *restrict g, const float *restrict m, const float *restrict v,
                      float *restrict x1, float *restrict m1, float *restrict v1, float lrc, float b1, float b2, float eps, float c2,
                      float scale) {
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i] * scale;
    const float mi = b1 * m[i] + (1.0f - b1) * gi;
    const float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
    m1[i] = mi;
    v1[i] = vi;
    x1[i] = x[i] - lrc * mi / (sqrtf(vi / c2) + eps);
  }
}

static napi_value adam(napi_env env, napi_callback_info info) {
  size_t argc = 14;
  napi_value argv[14];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL), "adam: bad call");
  if (argc != 14) {
    napi_throw_type_error(env, NULL, "adam expects 14 arguments (x, g, m, v, x1, m1, v1, lr, beta1, beta2, epsilon, c1, c2, scale)");
    return NULL;
  }
  size_t len[7];
  float *p[7];
  for (int i = 0; i < 7; i++) {
    p[i] = float_view(env, argv[i], &len[i]);
    if (!p[i] || len[i] != len[0]) {
      napi_throw_type_error(env, NULL, "adam: x, g, m, v, x1, m1, v1 must be Float32Arrays of one length");
      return NULL;
    }
  }
  double h[7];
  for (int i = 0; i < 7; i++) {
    if (!double_arg(env, argv[7 + i], &h[i])) {
      napi_throw_type_error(env, NULL, "adam: lr, beta1, beta2, epsilon, c1, c2, scale must be numbers");
      return NULL;
    }
  }
  adam_loop(len[0], p[0], p[1], p[2], p[3], p[4], p[5], p[6], (float)(h[0] / h[4]), (float)h[1], (float)h[2], (float)h[3], (float)h[5],
            (float)h[6]);
  return NULL;
}

#define MAX_PARTS 256

static napi_value reduce_parts(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL), "reduceParts: bad call");
  bool is_array = false;
  uint32_t nparts = 0;
  if (argc != 2 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array || napi_get_array_length(env, argv[0], &nparts) != napi_ok ||
      nparts < 1 || nparts > MAX_PARTS) {
    napi_throw_type_error(env, NULL, "reduceParts expects (parts: 1 to 256 Float32Arrays, out: Float32Array)");
    return NULL;
  }
  size_t n;
  float *out = float_view(env, argv[1], &n);
  if (!out) {
    napi_throw_type_error(env, NULL, "reduceParts: out must be a Float32Array");
    return NULL;
  }
  const float *parts[MAX_PARTS];
  for (uint32_t p = 0; p < nparts; p++) {
    napi_value element;
    size_t len;
    CHECK(env, napi_get_element(env, argv[0], p, &element), "reduceParts: cannot read a part");
    parts[p] = float_view(env, element, &len);
    if (!parts[p] || len != n) {
      napi_throw_range_error(env, NULL, "reduceParts: every part must be a Float32Array of out's length");
      return NULL;
    }
  }
  double squares = 0;
  for (size_t i = 0; i < n; i++) {
    float v = parts[0][i];
    for (uint32_t p = 1; p < nparts; p++) v += parts[p][i];
    out[i] = v;
    squares += (double)v * (double)v;
  }
  napi_value result;
  CHECK(env, napi_create_double(env, squares, &result), "reduceParts: cannot create result");
  return result;
}

static napi_value update_squares(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL), "updateSquares: bad call");
  size_t n0, n1, ns;
  const float *x0 = argc == 4 ? float_view(env, argv[0], &n0) : NULL;
  const float *x1 = argc == 4 ? float_view(env, argv[1], &n1) : NULL;
  double *sums = argc == 4 ? typed_view(env, argv[3], napi_float64_array, &ns) : NULL;
  bool moved = false;
  if (!x0 || !x1 || !sums || n0 != n1 || ns < 2 || napi_get_value_bool(env, argv[2], &moved) != napi_ok) {
    napi_throw_type_error(env, NULL, "updateSquares expects (x0, x1: Float32Arrays of one length, moved: boolean, sums: Float64Array of 2)");
    return NULL;
  }
  double before = 0, update = 0;
  for (size_t i = 0; i < n0; i++) {
    const double a = x0[i];
    before += a * a;
    if (moved) {
      const double d = (double)x1[i] - a;
      update += d * d;
    }
  }
  sums[0] = before;
  sums[1] = update;
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int64_t n;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL), "setThreads: bad call");
  if (argc != 1 || !int_arg(env, argv[0], &n) || n < 1) {
    napi_throw_range_error(env, NULL, "setThreads expects a positive integer");
    return NULL;
  }
  openblas_set_num_threads((int)n);
  return NULL;
}

static napi_value threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(env, napi_create_int32(env, openblas_get_num_threads(), &out), "threads: cannot create result");
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_default, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_default, NULL},
      {"countAbove", NULL, count_above, NULL, NULL, NULL, napi_default, NULL},
      {"reduceParts", NULL, reduce_parts, NULL, NULL, NULL, napi_default, NULL},
      {"updateSquares", NULL, update_squares, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"threads", NULL, threads, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props), "cannot define exports");
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
