/** Public API of the retrieval web server: the server and its page. */
export { readPage, PAGE_DIR, type PageFiles } from './page_files.js';
export { createSearchServer, DEFAULT_MAX_UPLOAD_BYTES, imageUrl, type ServerOptions } from './server.js';
