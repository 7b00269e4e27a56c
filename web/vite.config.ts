import { defineConfig } from 'vite';

// The dashboard is served by `elink serve --web dist` at /, so every asset is relative to the root
// and nothing is fetched from outside (no CDN, no web fonts, no tiles). During development
// `npm run dev` proxies the API and the stream to a local server (ELINK_URL, default :8080).
const target = process.env.ELINK_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: {
          leaflet: ['leaflet'],
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api/v1/stream': { target: target.replace(/^http/, 'ws'), ws: true },
      '/api': { target },
    },
  },
});
