/**
 * The web build as served: the whole Content-Security-Policy comes as a header (a <meta> cannot
 * forbid framing), and another site cannot frame the app.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security.js';
import { openApp, type Session } from './browser.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('web build', () => {
  it('is served with the same policy as the desktop app, framing forbidden', async () => {
    const response = await fetch(inject('baseUrl'));
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    expect(html).toContain("base-uri 'none'");
    expect(html).toContain("object-src 'none'");
  });

  it('cannot be framed by another page', async () => {
    session = await openApp('?example=none');
    // The app itself loads without a policy complaint (frame-ancestors in a <meta> would log one).
    expect(session.errors).toEqual([]);
    const other = await session.context.newPage();
    await other.setContent(`<iframe id="app" src="${inject('baseUrl')}" width="800" height="600"></iframe>`);
    const frame = () => other.frames().find((f) => f !== other.mainFrame());
    // Chromium replaces a refused frame with its error page; the app never runs inside it.
    await expect.poll(() => frame()?.url()).toMatch(/^chrome-error:/);
    expect(await frame()!.locator('#root').count()).toBe(0);
  });
});
