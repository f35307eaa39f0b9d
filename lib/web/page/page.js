/*
 * The retrieval page's script, served as /app.js exactly as it is here: plain
 * browser JavaScript, no build step. Data reaches the DOM only through
 * textContent, checked same-origin image URLs and http(s) recipe links, so
 * a recipe title like "<img onerror=...>" stays text and a "javascript:"
 * URL is never a link.
 */
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const TOP = 12;
  let maxUploadBytes = Infinity;
  let currentRecipe = null;

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Only images this server serves are shown.
  function safeImageUrl(url) {
    return typeof url === 'string' && url.startsWith('/images/') ? url : '';
  }

  // A recipe's own web page is linked only when it is plain http(s).
  function safeWebUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : '';
  }

  function setStatus(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', Boolean(isError));
  }

  async function api(url, init) {
    const response = await fetch(url, init);
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) throw new Error((body && body.error) || ('HTTP ' + response.status));
    return body;
  }

  // The split searched: '' (every split the server holds) or one of them.
  function splitQuery() {
    const v = $('split').value;
    return v && v !== 'all' ? '&split=' + encodeURIComponent(v) : '';
  }

  function card(hit, showSplit) {
    const li = el('li', 'card');
    li.tabIndex = 0;
    li.dataset.recipeId = hit.recipeId;
    const src = safeImageUrl(hit.imageUrl);
    let picture;
    if (src) {
      picture = el('img');
      picture.alt = hit.title;
      picture.loading = 'lazy';
      picture.src = src;
    } else {
      // A recipe without a photo: found by its text embedding.
      picture = el('div', 'nophoto', 'no photo');
    }
    const meta = el('div', 'meta');
    meta.append(el('div', 'title', hit.title));
    const line = el('div', 'line');
    line.append(el('span', '', '#' + hit.rank + '  ·  ' + Number(hit.score).toFixed(3) + (showSplit && hit.split ? '  ·  ' + hit.split : '')));
    if (hit.className && hit.className !== 'background') line.append(el('span', 'badge', hit.className));
    meta.append(line);
    li.append(picture, meta);
    const open = () => openRecipe(hit.recipeId);
    li.addEventListener('click', open);
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    return li;
  }

  function showResults(title, result) {
    const heading = $('results-title');
    heading.textContent = title;
    heading.hidden = false;
    $('results').replaceChildren(...result.hits.map((h) => card(h, result.split === 'all')));
    const notes = [result.hits.length + ' results in ' + Math.round(result.tookMs) + ' ms'];
    if (result.unknown && result.unknown.length) notes.push('not in the vocabulary (ignored): ' + result.unknown.join(', '));
    if (result.notPresent && result.notPresent.length) notes.push('nothing to remove: ' + result.notPresent.join(', '));
    setStatus(notes.join(' · '), false);
  }

  async function searchImage(file) {
    if (!file) return;
    if (file.size > maxUploadBytes) {
      setStatus('That file is ' + (file.size / 1e6).toFixed(1) + ' MB; the limit is ' + (maxUploadBytes / 1e6).toFixed(1) + ' MB.', true);
      return;
    }
    const preview = $('preview');
    if (preview.src.startsWith('blob:')) URL.revokeObjectURL(preview.src);
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    setStatus('Searching recipes for ' + file.name + '…', false);
    try {
      const result = await api('/api/search/image?top=' + TOP + splitQuery(), {
        method: 'POST',
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
      });
      showResults('Recipes for your photo', result);
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  async function searchIngredients(q, remove) {
    setStatus('Searching dishes…', false);
    try {
      const params = new URLSearchParams({ q, remove, top: String(TOP) });
      const result = await api('/api/search/ingredients?' + params + splitQuery(), {});
      let title = 'Dishes with ' + result.ingredients.join(', ');
      if (result.removed && result.removed.length) title += ', without ' + result.removed.join(', ');
      showResults(title, result);
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  async function searchSimilar(recipe) {
    $('recipe').close();
    setStatus('Searching photos…', false);
    try {
      const result = await api('/api/search/recipe/' + encodeURIComponent(recipe.id) + '?top=' + TOP + splitQuery(), {});
      showResults('Photos for "' + recipe.title + '"', result);
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  async function openRecipe(id) {
    try {
      const r = await api('/api/recipe/' + encodeURIComponent(id), {});
      currentRecipe = r;
      $('r-title').textContent = r.title;
      $('r-class').textContent = r.className;
      $('r-class').hidden = !r.className || r.className === 'background';
      const link = $('r-url');
      const webUrl = safeWebUrl(r.url);
      $('r-source').hidden = !webUrl;
      link.textContent = webUrl;
      if (webUrl) link.href = webUrl;
      else link.removeAttribute('href');
      const photos = r.images.map((im, k) => {
        const src = safeImageUrl(im.url);
        if (!src) return null;
        const img = el('img');
        img.src = src;
        img.alt = r.title + (r.images.length > 1 ? ' (photo ' + (k + 1) + ' of ' + r.images.length + ')' : '');
        return img;
      }).filter(Boolean);
      $('r-images').replaceChildren(...(photos.length ? photos : [el('p', 'muted', 'This recipe has no photo.')]));
      $('r-ingredients').replaceChildren(...r.ingredients.map((t) => el('li', '', t)));
      $('r-instructions').replaceChildren(...r.instructions.map((t) => el('li', '', t)));
      $('recipe').showModal();
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  function wire() {
    const drop = $('drop');
    const file = $('file');
    file.addEventListener('change', () => searchImage(file.files[0]));
    drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); file.click(); } });
    for (const type of ['dragenter', 'dragover']) {
      drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
    }
    for (const type of ['dragleave', 'drop']) {
      drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.remove('over'); });
    }
    drop.addEventListener('drop', (e) => searchImage(e.dataTransfer.files[0]));
    $('ingredients-form').addEventListener('submit', (e) => {
      e.preventDefault();
      searchIngredients($('ingredients').value, $('remove').value);
    });
    $('close').addEventListener('click', () => $('recipe').close());
    $('recipe').addEventListener('click', (e) => { if (e.target === $('recipe')) $('recipe').close(); });
    $('r-similar').addEventListener('click', () => { if (currentRecipe) searchSimilar(currentRecipe); });
  }

  async function loadInfo() {
    try {
      const info = await api('/api/info', {});
      maxUploadBytes = info.maxUploadBytes;
      const n = (x) => Number(x).toLocaleString('en');
      const where = info.splits.length > 1 ? 'the ' + info.splits.join(', ') + ' splits' : 'the ' + info.split + ' split';
      $('info').textContent = n(info.recipes) + ' recipes (' + n(info.pairs) + ' with photos) and ' + n(info.images) +
        ' photos of ' + where + ' · checkpoint ' + info.checkpoint;
      // Every split the server holds, together (the default), or one of them.
      const choices = info.splits.length > 1 ? [['all', 'all splits']].concat(info.splits.map((s) => [s, s + ' split'])) : [[info.split, info.split + ' split']];
      $('split').replaceChildren(...choices.map(([value, label]) => {
        const o = el('option', '', label);
        o.value = value;
        return o;
      }));
    } catch (err) {
      $('info').textContent = 'The index is not available: ' + err.message;
    }
  }

  wire();
  loadInfo();
})();
