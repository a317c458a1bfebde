import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  META_CONTENT_SECURITY_POLICY,
  resolveAppPath,
  secureWebPreferences,
} from '../../src/main/security.js';

describe('app:// protocol', () => {
  const root = '/opt/app/renderer';
  it('serves files under the renderer folder', () => {
    expect(resolveAppPath(root, 'app://bundle/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://bundle/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://bundle/assets/index-1.js?x=1')).toBe(join(root, 'assets/index-1.js'));
  });
  it('never resolves outside the renderer folder, however the path is spelled', () => {
    for (const url of [
      'app://bundle/../../etc/passwd',
      'app://bundle/%2e%2e/%2e%2e/etc/passwd',
      'app://bundle/assets/..%2f..%2f..%2fetc/passwd',
      'app://bundle/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      const file = resolveAppPath(root, url);
      expect(file === null || file.startsWith(`${root}/`), `${url} → ${file}`).toBe(true);
    }
  });
  it('refuses what is not ours', () => {
    for (const url of [
      'app://bundle/a%5c..%5c..%5csecret',
      'app://bundle/%00',
      'app://other/index.html',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(resolveAppPath(root, url), url).toBeNull();
  });
  it('knows our pages from others', () => {
    expect(isAppUrl('app://bundle/index.html')).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false);
  });
  it('matches the dev server and the bundle by exact origin, not by prefix', () => {
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173', `${dev}/`)).toBe(true);
    for (const url of [
      'http://localhost:5173.evil.com/',
      'http://localhost:51730/',
      'http://localhost:5173@evil.com/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'app://bundle.evil.com/index.html',
      'app://bundle:8080/index.html',
      'app://bundlex/index.html',
      'app:bundle',
      'javascript:alert(1)//app://bundle/',
    ])
      expect(isAppUrl(url, dev), url).toBe(false);
  });
  it('has a strict Content-Security-Policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'[^;]*script|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("'wasm-unsafe-eval'");
    for (const directive of ["base-uri 'none'", "object-src 'none'", "frame-ancestors 'none'", "form-action 'none'"])
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
  });
  it("the web build's page carries the same policy, but for frame-ancestors (ignored in a <meta>, sent as a header)", () => {
    const html = readFileSync(join(import.meta.dirname, '../../src/renderer/index.html'), 'utf8');
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
    expect(meta).toBe(META_CONTENT_SECURITY_POLICY);
    expect(META_CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(META_CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('window', () => {
  it('isolates and sandboxes the renderer without Node', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      devTools: false,
    });
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });
});
