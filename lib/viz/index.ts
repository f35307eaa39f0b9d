/** Figures as self-contained HTML, SVG and 2× PNG; the configuration palette, bands and error bars; image grids. */
export type { Figure } from './figure.js';
export { figureSize, DEFAULT_SIZE } from './figure.js';
export { htmlPage, writeHtmlPage, htmlTable, escapeHtml, type PageParts } from './html.js';
export { saveFigure, savePng, figureTitle, PNG_SCALE, type SavedFigure } from './save_figure.js';
export { PngRenderer, sharedRenderer, closeSharedRenderer, chromiumPath } from './png_renderer.js';
export { imageGrid, type GridRow, type GridCell, type GridOptions } from './image_grid.js';
export { lineFigure, barFigure, errorBarFigure, histogramFigure, type Line } from './charts.js';
export { CONFIGURATIONS, OPTIMIZER_VARIANTS, SERIES_COLOURS, configurationOf, configurationStyle, configurationColour, withAlpha, type Configuration, type LineStyle } from './palette.js';
export { bandTraces, errorBarTrace, seedBandTraces, seedStats, tQuantile975, type BandOptions, type PointStats, type XY } from './bands.js';
export { DEFAULT_SMOOTHING, SMOOTHING_SCRIPT, emaSmooth, smoothable, smoothingControl } from './smoothing.js';
export { jpegPreview } from './preview.js';
