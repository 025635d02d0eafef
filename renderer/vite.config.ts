/**
 * Vite build of the renderer. `base: './'` makes every asset URL relative, so the same build
 * works under `/ui/` over HTTP (headless `symbolon serve`) and under Electron's custom protocol
 * (`app://symbolon/`). No dev-only inline scripts reach the build, so the strict CSP holds.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
// eslint-disable-next-line no-restricted-imports -- build-time config: runs in Node, never in the bundle.
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets would need data: URLs in script/style; keep every asset a file instead.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { strictPort: true },
});
