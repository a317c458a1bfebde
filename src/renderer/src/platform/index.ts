import { browserPlatform } from './browser.js';
import { electronPlatform } from './electron.js';
import type { Platform } from './platform.js';

export type { OpenedDocument, Platform } from './platform.js';

/** The host the page runs in: the Electron app when its preload API is present, else a browser. */
export function detectPlatform(): Platform {
  return window.api ? electronPlatform(window.api) : browserPlatform();
}
