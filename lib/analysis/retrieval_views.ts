/**
 * Turning search results into what the retrieval notebook shows: image-grid
 * rows with the true match framed, result tables, the change of results
 * when an ingredient is removed, and the 2-D map of both modalities.
 */
import { join } from 'node:path';
import type { SearchHit } from '../retrieval/retriever.js';
import type { SplitItem } from './split_search.js';
import type { Figure } from '../viz/figure.js';
import type { GridRow } from '../viz/image_grid.js';

/**
 * A grid row: the hits' photos (read under `imageRoot`, the Recipe1M root),
 * captioned with rank and score; the hit of `trueRecipeId` is marked.
 */
export function hitsRow(label: string, hits: readonly SearchHit[], imageRoot: string, trueRecipeId?: string): GridRow {
  return {
    label,
    cells: hits.map((h) => ({
      image: join(imageRoot, h.imagePath),
      caption: `#${h.rank} ${h.score.toFixed(2)}${h.recipeId === trueRecipeId ? ' ✓' : ''}`,
      marked: h.recipeId === trueRecipeId,
    })),
  };
}

/** Rank (1-based) of a recipe among hits, or null when it is not in them. */
export function rankOf(hits: readonly SearchHit[], recipeId: string): number | null {
  const hit = hits.find((h) => h.recipeId === recipeId);
  return hit ? hit.rank : null;
}

export interface HitChange {
  /** Recipes in both lists, with their rank before and after. */
  kept: { recipeId: string; title: string; before: number; after: number }[];
  /** Hits only in the first list. */
  dropped: SearchHit[];
  /** Hits only in the second list. */
  added: SearchHit[];
}

/** How a result list changed (e.g. after removing an ingredient from the query). */
export function compareHits(before: readonly SearchHit[], after: readonly SearchHit[]): HitChange {
  const afterById = new Map(after.map((h) => [h.recipeId, h]));
  const beforeIds = new Set(before.map((h) => h.recipeId));
  const kept: HitChange['kept'] = [];
  const dropped: SearchHit[] = [];
  for (const h of before) {
    const a = afterById.get(h.recipeId);
    if (a) kept.push({ recipeId: h.recipeId, title: h.title, before: h.rank, after: a.rank });
    else dropped.push(h);
  }
  return { kept, dropped, added: after.filter((h) => !beforeIds.has(h.recipeId)) };
}

/** An item's ingredient names that the vocabulary knows (an unknown one reads as <unk> and cannot be asked for by name). */
export function knownIngredients(item: Pick<SplitItem, 'ingredientNames'>): string[] {
  return item.ingredientNames.filter((n) => !n.startsWith('<'));
}

/**
 * The names of an ingredient query: those of `preferred` that some item of
 * the split lists, topped up with the split's most listed known names, at
 * most `k`; empty when no item has a known ingredient.
 */
export function ingredientQuery(items: readonly SplitItem[], preferred: readonly string[], k: number): string[] {
  const counts = new Map<string, number>();
  for (const it of items) for (const n of new Set(knownIngredients(it))) counts.set(n, (counts.get(n) ?? 0) + 1);
  const chosen = preferred.filter((n) => counts.has(n)).slice(0, k);
  const frequent = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n);
  for (const n of frequent) {
    if (chosen.length >= k) break;
    if (!chosen.includes(n)) chosen.push(n);
  }
  return chosen;
}

/** The first item with at least 4 known ingredients (else 2) and the ingredient to take out of it; null when none has 2. */
export function removalTarget(items: readonly SplitItem[]): { item: SplitItem; removed: string } | null {
  const item = items.find((it) => knownIngredients(it).length >= 4) ?? items.find((it) => knownIngredients(it).length >= 2);
  return item ? { item, removed: knownIngredients(item)[0] } : null;
}

/** Category colours (d3 category10 + lighter variants); classes beyond cycle. */
export const CLASS_COLOURS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#bcbd22', '#17becf',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#dbdb8d', '#9edae5',
] as const;

export interface MapPoint {
  x: number;
  y: number;
}

export interface ModalityMap {
  images: MapPoint[];
  recipes: MapPoint[];
  /** Class index per pair (row i of both). */
  classes: number[];
  /** Hover text per pair (e.g. the recipe title). */
  labels: string[];
}

/**
 * The 2-D map figure: one colour per class (background grey), images as
 * circles, recipes as diamonds, and a thin line joining each matched pair.
 * Hover text: modality and label.
 */
/** Classes named in the map's legend; more would not fit its height in the PNG. */
export const MAP_LEGEND_CLASSES = 12;

export function modalityMapFigure(map: ModalityMap, classNames: readonly string[], title: string): Figure {
  const n = map.images.length;
  if (map.recipes.length !== n || map.classes.length !== n || map.labels.length !== n) {
    throw new Error(`modalityMapFigure: ${n} images, ${map.recipes.length} recipes, ${map.classes.length} classes, ${map.labels.length} labels`);
  }
  const links = { x: [] as (number | null)[], y: [] as (number | null)[] };
  for (let i = 0; i < n; i++) {
    links.x.push(map.images[i].x, map.recipes[i].x, null);
    links.y.push(map.images[i].y, map.recipes[i].y, null);
  }
  const traces: Record<string, unknown>[] = [
    { type: 'scatter', mode: 'lines', name: 'matched pair', x: links.x, y: links.y, line: { width: 0.5, color: 'rgba(120,120,120,0.35)' }, hoverinfo: 'skip', showlegend: false },
  ];
  // The most frequent classes (MAP_LEGEND_CLASSES) get a colour and a legend entry each; the rest share one
  // entry, so the legend fits the figure with any number of classes (hovering names every point's class).
  const counts = new Map<number, number>();
  for (const c of map.classes) counts.set(c, (counts.get(c) ?? 0) + 1);
  const named = [...counts.keys()].filter((c) => c !== 0).sort((a, b) => counts.get(b)! - counts.get(a)! || a - b).slice(0, MAP_LEGEND_CLASSES);
  const isNamed = new Set(named);
  const others = [...counts.keys()].filter((c) => c !== 0 && !isNamed.has(c));
  const groups = [
    ...named.map((c, k) => ({ name: `${classNames[c] ?? `class ${c}`} (${counts.get(c)})`, members: [c], colour: CLASS_COLOURS[k] as string })),
    ...(others.length > 0 ? [{ name: `${others.length} other classes (${others.reduce((a, c) => a + counts.get(c)!, 0)})`, members: others, colour: '#666666' }] : []),
    ...(counts.has(0) ? [{ name: `background (${counts.get(0)})`, members: [0], colour: '#bbbbbb' }] : []),
  ];
  for (const group of groups) {
    const members = new Set(group.members);
    const rows = map.classes.flatMap((k, i) => (members.has(k) ? [i] : []));
    for (const [modality, points, symbol] of [
      ['image', map.images, 'circle'],
      ['recipe', map.recipes, 'diamond'],
    ] as const) {
      traces.push({
        type: 'scatter',
        mode: 'markers',
        name: group.name,
        legendgroup: group.name,
        // One legend entry per class; the symbol legend is in the axis title.
        showlegend: modality === 'image',
        x: rows.map((i) => points[i].x),
        y: rows.map((i) => points[i].y),
        text: rows.map((i) => `${modality}: ${map.labels[i]} [${classNames[map.classes[i]] ?? `class ${map.classes[i]}`}]`),
        hoverinfo: 'text',
        marker: { symbol, size: 7, color: group.colour },
      });
    }
  }
  const axis = { showticklabels: false, zeroline: false };
  return {
    data: traces,
    layout: {
      title: { text: title },
      xaxis: { ...axis, title: { text: '● photo   ◆ recipe   — matched pair' } },
      yaxis: axis,
      showlegend: true,
      legend: { title: { text: 'class (pairs shown)' } },
      height: 650,
      width: 1100,
    },
  };
}
