/**
 * The retrieval page's markup. Static: every text that comes from data is
 * put in by page_script.ts with textContent, never as HTML.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recipe1M retrieval</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header>
  <h1>Recipe1M retrieval</h1>
  <p id="info" class="muted">Loading the index…</p>
</header>
<main>
  <p class="scope"><label for="split">Search in</label> <select id="split" aria-label="Split searched"></select></p>
  <section class="queries">
    <div class="panel">
      <h2>Find recipes for a photo</h2>
      <label id="drop" class="drop" for="file" tabindex="0">
        <img id="preview" alt="" hidden>
        <span id="drop-text">Drop a food photo here, or click to pick one<br><small>JPEG, PNG or WebP</small></span>
      </label>
      <input id="file" type="file" accept="image/jpeg,image/png,image/webp" hidden>
    </div>
    <div class="panel">
      <h2>Find dishes from ingredients</h2>
      <form id="ingredients-form" autocomplete="off">
        <label for="ingredients">Ingredients, separated by commas</label>
        <input id="ingredients" name="q" type="text" placeholder="tomato, mozzarella, basil" required>
        <label for="remove">Without (optional)</label>
        <input id="remove" name="remove" type="text" placeholder="basil">
        <button type="submit">Search</button>
      </form>
    </div>
  </section>
  <p id="status" role="status" aria-live="polite"></p>
  <section>
    <h2 id="results-title" hidden></h2>
    <ol id="results" class="results"></ol>
  </section>
</main>
<dialog id="recipe">
  <button id="close" class="close" type="button" aria-label="Close">×</button>
  <article>
    <h2 id="r-title"></h2>
    <p id="r-class" class="badge"></p>
    <p id="r-source" class="muted" hidden><a id="r-url" target="_blank" rel="noopener noreferrer"></a></p>
    <div class="r-body">
      <div id="r-images" class="r-images"></div>
      <div>
        <h3>Ingredients</h3>
        <ul id="r-ingredients"></ul>
      </div>
    </div>
    <h3>Instructions</h3>
    <ol id="r-instructions"></ol>
    <button id="r-similar" type="button">Photos of similar dishes</button>
  </article>
</dialog>
</body>
</html>
`;
