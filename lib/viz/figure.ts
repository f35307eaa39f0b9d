/**
 * A plotly figure as plain data: what `Plotly.newPlot(div, data, layout)`
 * takes. Kept untyped beyond the top level so any trace type passes through.
 */
export interface Figure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
}

/** Pixel size a figure is rendered at when its layout does not say. */
export const DEFAULT_SIZE = { width: 800, height: 500 } as const;

/** The rendering size: layout.width/height when numeric, else the default. */
export function figureSize(fig: Figure): { width: number; height: number } {
  const w = fig.layout?.width;
  const h = fig.layout?.height;
  return {
    width: typeof w === 'number' && w > 0 ? w : DEFAULT_SIZE.width,
    height: typeof h === 'number' && h > 0 ? h : DEFAULT_SIZE.height,
  };
}
