import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';
import { initialJsBudget } from './scripts/initial-js-budget.ts';

export interface PortalViteOptions {
  /** Where /graphql, /health and /ingestion (the streaming upload) are proxied to. */
  apiUrl: string;
  port: number;
  host?: string;
}

/** Shared by `vite` (below) and the browser test, which starts a dev server in-process. */
export function portalViteConfig({ apiUrl, port, host = '127.0.0.1' }: PortalViteOptions): UserConfig {
  const proxy = {
    // xfwd: the API sees each browser's address (X-Forwarded-For) instead of the proxy's, so sign-in
    // throttling counts people, not the portal (the API trusts loopback proxies: TRUSTED_PROXIES).
    '/graphql': { target: apiUrl, changeOrigin: true, xfwd: true },
    '/health': { target: apiUrl, changeOrigin: true },
    '/ingestion': { target: apiUrl, changeOrigin: true },
  };
  return {
    plugins: [react(), initialJsBudget()],
    server: { host, port, strictPort: true, proxy },
    preview: { host, port, strictPort: true, proxy },
    build: { sourcemap: true },
    // Pre-bundled up front so a first page load never triggers a dependency re-optimization and reload.
    optimizeDeps: {
      include: [
        'react',
        'react/jsx-runtime',
        'react/jsx-dev-runtime',
        'react-dom/client',
        'urql',
        '@urql/core',
      ],
    },
  };
}

export default defineConfig(() =>
  portalViteConfig({
    apiUrl: process.env.API_URL ?? 'http://127.0.0.1:4000',
    port: Number(process.env.WEB_PORT ?? 5173),
  }),
);
