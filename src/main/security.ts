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

/** The renderer's web preferences: isolated, sandboxed, no Node, web security on. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
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

/** Whether an IPC message or navigation comes from our own renderer. */
export function isAppUrl(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false;
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  return !!devServerUrl && url.startsWith(devServerUrl);
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
