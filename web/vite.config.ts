// Vite's build of the playground: static files in dist/web/ with relative paths, so any static host (or a file copy) serves them.

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The GIF encoder's module only picks gifenc's build at load time: nothing else happens there, so the
// page and the worker leave it out and it arrives with the GIF export, when asked for.
const treeshake = {
  moduleSideEffects: (id: string) => !/[\\/](gifenc[\\/]|src[\\/]plot[\\/]gif\.ts$)/.test(id),
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
  server: { port: Number(process.env.PORT ?? 5173) },
  preview: { port: Number(process.env.PORT ?? 5173) },
});
