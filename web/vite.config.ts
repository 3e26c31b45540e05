// Vite builds the front end into dist/, which CMake compresses and embeds in the
// velum binary. Hashed names under assets/ let the server cache them forever.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Inlined assets would defeat the per-file gzip and cache headers.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8737' },
  },
});
