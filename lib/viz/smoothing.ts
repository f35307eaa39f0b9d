/**
 * A smoothing slider for the per-batch curves of a page, as in TensorBoard:
 * an exponential moving average with weight w (0: the raw series), debiased
 * so the first points are not pulled towards 0:
 *   s_t = w·s_{t−1} + (1 − w)·y_t,   shown: s_t / (1 − w^t).
 * It runs in the page (`SMOOTHING_SCRIPT`, plain ES5 with no dependency, so
 * it works offline); the raw series stays drawn faintly beneath. A trace
 * takes part when it is marked `meta: 'smooth'` (`smoothable`) and has an
 * explicit line colour, which its raw copy reuses.
 */

type Trace = Record<string, unknown>;

/** The default weight of the slider. */
export const DEFAULT_SMOOTHING = 0.6;

/** Marks a line trace for the page's smoothing slider. */
export function smoothable(trace: Trace): Trace {
  return { ...trace, meta: 'smooth' };
}

/** The same EMA as the page's, for code outside a page (its test checks both agree). */
export const EMA_SOURCE = `function emaSmooth(values, weight) {
  var out = [];
  var last = 0;
  var n = 0;
  for (var i = 0; i < values.length; i++) {
    var v = values[i];
    if (typeof v !== 'number' || !isFinite(v)) { out.push(v); continue; }
    last = last * weight + (1 - weight) * v;
    n++;
    out.push(weight === 0 ? v : last / (1 - Math.pow(weight, n)));
  }
  return out;
}`;

/** The debiased EMA of `values` with `weight` in [0, 1); non-finite values pass through and do not enter the average. */
export const emaSmooth: (values: readonly number[], weight: number) => number[] = new Function(`${EMA_SOURCE}\nreturn emaSmooth;`)();

/** The slider's HTML (put it above the figures). */
export function smoothingControl(initial = DEFAULT_SMOOTHING): string {
  return `<div class="controls"><label for="smoothing">Smoothing of the per-batch curves (exponential moving average, weight):</label>
<input type="range" id="smoothing" min="0" max="0.99" step="0.01" value="${initial}"> <output id="smoothing-value">${initial.toFixed(2)}</output>
<span class="hint">0: raw; the raw series stays drawn faintly.</span></div>`;
}

/**
 * The page's script: adds a faint raw copy under each smoothable trace of
 * every `.fig` div, then redraws the smoothed lines when the slider moves.
 */
export const SMOOTHING_SCRIPT = `(function () {
${EMA_SOURCE}
  var slider = document.getElementById('smoothing');
  var shown = document.getElementById('smoothing-value');
  if (!slider) return;
  var figures = [];
  Array.prototype.forEach.call(document.querySelectorAll('.fig'), function (div) {
    var indices = [];
    var raws = [];
    var copies = [];
    (div.data || []).forEach(function (t, i) {
      if (t.meta !== 'smooth') return;
      indices.push(i);
      raws.push(t.y.slice());
      var colour = (t.line && t.line.color) || '#888888';
      copies.push({ type: 'scatter', mode: 'lines', x: t.x, y: t.y.slice(), xaxis: t.xaxis, yaxis: t.yaxis,
        line: { color: colour, width: 1 }, opacity: 0.25, hoverinfo: 'skip', showlegend: false, legendgroup: t.legendgroup || t.name, meta: 'raw' });
    });
    if (indices.length === 0) return;
    Plotly.addTraces(div, copies, indices.map(function (_, k) { return k; }));
    figures.push({ div: div, indices: indices.map(function (i) { return i + copies.length; }), raws: raws });
  });
  function apply() {
    var w = Number(slider.value);
    if (shown) shown.textContent = w.toFixed(2);
    figures.forEach(function (f) {
      Plotly.restyle(f.div, { y: f.raws.map(function (r) { return emaSmooth(r, w); }) }, f.indices);
    });
  }
  slider.addEventListener('input', apply);
  apply();
})();`;
