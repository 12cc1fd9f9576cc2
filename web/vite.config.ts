// Vite's build of the playground: static files in dist/web/ with relative paths, so any static host (or a file copy) serves them.

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The GIF encoder's module only picks gifenc's build at load time: nothing else happens there, so the
// page and the worker leave it out and it arrives with the GIF export, when asked for.
const treeshake = {
  moduleSideEffects: (id: string) => !/[\\/](gifenc[\\/]|src[\\/]plot[\\/]gif\.ts$)/.test(id),
};

// The headers that make the page cross-origin isolated, as scripts/serve-web.mjs sends them: SharedArrayBuffer
// then exists, and the nn mode's worker shares its WebAssembly memory with helper workers.
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: { treeshake },
  },
  worker: { format: 'es', rolldownOptions: { treeshake } },
  server: { port: Number(process.env.PORT ?? 5173), headers },
  preview: { port: Number(process.env.PORT ?? 5173), headers },
});
