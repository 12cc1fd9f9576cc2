// A tiny static server for dist/web/: `npm start` builds the playground and serves it here.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../dist/web', import.meta.url)));
const port = Number(process.env.PORT ?? 5173);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

if (!existsSync(join(root, 'index.html'))) {
  console.error('dist/web/index.html is missing: run `npm run build:web` first.');
  process.exit(1);
}

// Cross-origin isolated (COOP + COEP), so that the page may share WebAssembly memory with its workers:
// the nn mode then trains a large network on several threads. Everything the page loads is its own.
const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain', ...isolation }).end('not found');
    return;
  }
  response.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...isolation,
  });
  createReadStream(file).pipe(response);
});
server.on('error', (error) => {
  // A taken port is the usual case: one line that says what to do, not a stack trace.
  const why =
    error.code === 'EADDRINUSE' ? `port ${port} is already in use (set PORT to another one)` : error.message;
  console.error(`downhill playground: ${why}`);
  process.exit(2);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`downhill playground: http://localhost:${port}/  (Ctrl-C stops it)`);
});
