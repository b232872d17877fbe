import { type Browser, chromium } from 'playwright-core';
import { chromiumPath } from './chromium.ts';

/** Debian's Chromium (no browser download here); override with CHROMIUM_PATH. */
const CHROMIUM = chromiumPath();

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
