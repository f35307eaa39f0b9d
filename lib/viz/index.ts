/** Figures as self-contained HTML + PNG, and image grids. */
export type { Figure } from './figure.js';
export { figureSize, DEFAULT_SIZE } from './figure.js';
export { htmlPage, writeHtmlPage } from './html.js';
export { saveFigure, savePng, figureTitle, type SavedFigure } from './save_figure.js';
export { PngRenderer, sharedRenderer, closeSharedRenderer, chromiumPath } from './png_renderer.js';
export { imageGrid, type GridRow, type GridCell, type GridOptions } from './image_grid.js';
export { lineFigure, barFigure, histogramFigure, type Line } from './charts.js';
export { jpegPreview } from './preview.js';
