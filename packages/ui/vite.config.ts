// Builds the SPA into dist/ (served by `baton server` at `/`); `npm run dev -w @baton/ui` proxies the API
// to a server on :8080 so the UI can be worked on with hot reload.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' },
  },
});
