/** The retrieval page's style sheet (served as /app.css; no external fonts or files). */
export const PAGE_CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; --accent: #b5451b; --card: #fff; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 18px 32px 8px; background: var(--card); border-bottom: 1px solid var(--line); }
h1 { margin: 0; font-size: 22px; color: var(--accent); }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
.muted { color: var(--muted); margin: 4px 0 8px; font-size: 13px; }
main { padding: 20px 32px 40px; max-width: 1280px; margin: 0 auto; }
.queries { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 20px; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; }
.drop { display: flex; align-items: center; justify-content: center; gap: 14px; min-height: 150px; border: 2px dashed var(--line);
  border-radius: 8px; color: var(--muted); text-align: center; cursor: pointer; padding: 10px; }
.drop:hover, .drop:focus, .drop.over { border-color: var(--accent); color: var(--fg); outline: none; }
.drop img { max-height: 130px; max-width: 45%; border-radius: 6px; object-fit: cover; }
form label { display: block; font-size: 13px; color: var(--muted); margin: 6px 0 3px; }
input[type=text] { width: 100%; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
button { margin-top: 12px; padding: 8px 18px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; font: inherit; cursor: pointer; }
button:hover { filter: brightness(1.1); }
#status { min-height: 1.4em; color: var(--muted); margin: 16px 0 6px; }
#status.error { color: #cf222e; }
.results { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 14px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; cursor: pointer; display: flex; flex-direction: column; }
.card:hover, .card:focus { border-color: var(--accent); box-shadow: 0 2px 8px rgba(0,0,0,.08); outline: none; }
.card img, .card .nophoto { width: 100%; aspect-ratio: 1 / 1; object-fit: cover; background: #eaeef2; display: block; }
.card .nophoto { display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: 13px; }
.scope { display: flex; align-items: center; gap: 8px; margin: 0 0 14px; font-size: 14px; }
select { padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; background: var(--card); }
.card .meta { padding: 8px 10px 10px; }
.card .title { font-weight: 600; font-size: 14px; overflow-wrap: anywhere; }
.card .line { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 4px 8px; margin-top: 4px; font-size: 12px; color: var(--muted); }
.card .line span:first-child { white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #fbefe9; color: var(--accent); font-size: 12px; margin: 0; }
dialog { border: 1px solid var(--line); border-radius: 10px; padding: 22px 26px; width: min(860px, 94vw); max-height: 90vh; }
dialog::backdrop { background: rgba(0,0,0,.35); }
.close { position: absolute; right: 12px; top: 6px; background: none; color: var(--muted); font-size: 24px; margin: 0; padding: 0 6px; }
.r-body { display: grid; grid-template-columns: minmax(0, 300px) 1fr; gap: 20px; margin-top: 12px; }
.r-images { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 8px; align-content: start; }
.r-images img { width: 100%; aspect-ratio: 1 / 1; object-fit: cover; border-radius: 8px; background: #eaeef2; }
.r-images img:only-child { grid-column: 1 / -1; aspect-ratio: auto; }
.r-images p { margin: 0; }
#r-instructions li, #r-ingredients li { margin: 3px 0; }
@media (max-width: 640px) { .r-body { grid-template-columns: 1fr; } main, header { padding-left: 14px; padding-right: 14px; } }
`;
