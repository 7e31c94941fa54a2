// Shared set-up for the end-to-end tests: the running sandbox (from the ready file `cargo xtask test` writes),
// Debian's Chromium driven by playwright-core, fixture pages served at the sandbox's own origin, screenshots.
import { createRequire } from 'node:module';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// playwright-core lives in tools/node_modules (installed by xtask), not beside the tests.
const require = createRequire(path.join(repoRoot, 'tools', 'package.json'));
const { chromium } = require('playwright-core');

/** URLs and key of a sandbox started by `cargo xtask test` (`--ready-file`). */
export function sandbox(variable = 'OC_E2E_READY') {
  const file = process.env[variable];
  if (!file) {
    throw new Error(`${variable} is not set: run the end-to-end tests through \`cargo xtask test\``);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A new page that records console errors and uncaught exceptions, so a test can assert there were none. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  return page;
}

/**
 * Serves `html` at `url` (an address on the sandbox's host origin, so the loader and wasm come from the real
 * server) with the given response headers. Nothing else is intercepted.
 */
export async function serveFixture(page, url, html, headers = {}) {
  await page.route(url, (route) => route.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', headers, body: html,
  }));
}

/** Saves a screenshot under target/screenshots for people to look at. */
export async function screenshot(page, name) {
  const folder = path.join(repoRoot, 'target', 'screenshots');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A host page body that loads the widget by script tag, plus whatever markup and inline script the test adds. */
export function hostPage({ head = '', body = '', scripts = 1 } = {}) {
  const tags = Array.from({ length: scripts }, () => '<script src="/outlook-connect.js"></script>').join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fixture</title>${head}
${tags}</head><body>${body}</body></html>`;
}
