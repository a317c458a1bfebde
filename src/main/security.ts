/**
 * Hardening per Electron's security checklist, as plain functions where there is logic to test:
 * the app:// protocol that serves the built renderer (no file:// privileges, no path escapes),
 * the Content-Security-Policy, and which pages count as our own.
 */
import { isAbsolute, join, normalize, relative } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://bundle`;

/** The policy sent with every page: only our own scripts; workers from our origin or blob. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the engine compile its WebAssembly kernels; it does not allow eval().
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy as a page's `<meta http-equiv>` can carry it (src/renderer/index.html, the only
 * policy of the web build when its host sends none): `frame-ancestors` is ignored there (and
 * Chromium logs an error), so it must come as a header, as vite.web.config.ts sends it.
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

/** Headers that keep other sites from framing the web build (clickjacking); X-Frame-Options for older browsers. */
export const WEB_SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
} as const;

/**
 * The file under `root` that an app:// URL names, or null when the URL is not ours or tries to
 * leave `root` (`..`, absolute paths, encoded separators).
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const relativePath = normalize(path === '/' ? '/index.html' : path).replace(/^[/\\]+/, '');
  const file = join(root, relativePath);
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return file;
}

/** The renderer's web preferences: isolated, sandboxed, no Node, web security on; DevTools only in development. */
export function secureWebPreferences(preload: string, { devTools = false } = {}) {
  return {
    preload,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/** Scheme, host and port of a URL (`URL.origin` is "null" for custom schemes such as app:), or null when it is not one. */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/**
 * Whether an IPC message or navigation comes from our own renderer: the app:// bundle, or in
 * development exactly the dev server's origin (a prefix match would let
 * `http://localhost:5173.evil.com/` pass).
 */
export function isAppUrl(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false;
  const origin = originOf(url);
  if (origin === null) return false;
  return origin === APP_ORIGIN || (!!devServerUrl && origin === originOf(devServerUrl));
}

export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};
