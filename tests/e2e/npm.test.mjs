// End-to-end: the npm package as a bundler user gets it. `npm pack dist/npm` → the tarball installed into a fresh
// directory → examples/react (React 18, Strict Mode, `outlook-connect/react`) and examples/module (`import { create }
// from 'outlook-connect'` and `outlook-connect/element`) bundled with esbuild, the package's wasm files copied beside
// each bundle (esbuild does not follow `new URL('./….wasm', import.meta.url)`) → each served on the sandbox's host
// origin and walked: Connect through the real popup → Choose (a lazily loaded chunk, found through import.meta.url) →
// Sync → Progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sandbox, launch, openPage, customer, repoRoot, screenshot, SIGN_IN_PAGE } from './harness.mjs';

const sb = sandbox();
const tools = path.join(repoRoot, 'tools', 'node_modules');
const esbuild = createRequire(path.join(repoRoot, 'tools', 'package.json'))('esbuild');
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };
let browser;
let work;
let installed;

before(async () => {
  browser = await launch();
  work = mkdtempSync(path.join(tmpdir(), 'oc-npm-'));
  const packed = execFileSync('npm', ['pack', path.join(repoRoot, 'dist', 'npm'), '--pack-destination', work,
    '--silent'], { encoding: 'utf8' }).trim().split('\n').at(-1);
  const app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'host-app', private: true }));
  // The tarball has no dependencies (React is an optional peer, taken from tools/ at bundle time): nothing is fetched.
  execFileSync('npm', ['install', path.join(work, packed), '--offline', '--no-audit', '--no-fund',
    '--legacy-peer-deps', '--ignore-scripts', '--no-package-lock'], { cwd: app, stdio: 'pipe' });
  installed = path.join(app, 'node_modules', 'outlook-connect');
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Bundles `examples/<name>` with esbuild into `<work>/<name>`, with the package's wasm files beside it. */
async function bundle(name, entry) {
  const out = path.join(work, name);
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'examples', name, entry)],
    bundle: true, format: 'esm', jsx: 'automatic', minify: true, logLevel: 'error',
    outfile: path.join(out, 'main.js'),
    nodePaths: [path.join(work, 'app', 'node_modules'), tools],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  copyFileSync(path.join(repoRoot, 'examples', name, 'index.html'), path.join(out, 'index.html'));
  const wasm = readdirSync(installed).filter((file) => file.endsWith('.wasm'));
  for (const file of wasm) copyFileSync(path.join(installed, file), path.join(out, file));
  return { out, wasm };
}

/** A page serving `dir` at `<host>/<name>/` (the sandbox's host origin, where /demo/token and /demo/config.json are). */
async function serve(dir, name) {
  const page = await openPage(browser, { permissions: ['local-network-access'] });
  const served = [];
  await page.route(`${sb.host_url}/${name}/**`, (route) => {
    const file = path.basename(new URL(route.request().url()).pathname) || 'index.html';
    served.push(file);
    try {
      route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] || 'application/octet-stream',
        body: readFileSync(path.join(dir, file)) });
    } catch {
      route.fulfill({ status: 404, body: 'not found' });
    }
  });
  page.served = served;
  return page;
}

/** Connect through the popup, open Choose (its chunk), sync, see progress; returns the event types seen. */
async function connectChooseSync(page, root) {
  const inWidget = (selector) => page.locator(`${root} ${selector}`);
  const popupOpened = page.waitForEvent('popup');
  await inWidget('[part=connect-button]').click();
  const popup = await popupOpened;
  await popup.waitForURL(SIGN_IN_PAGE);
  await popup.locator('button[value="alex@contoso.test"]').click();
  await inWidget('[part=active-mailbox]').filter({ hasText: 'alex@contoso.test' }).waitFor();
  await inWidget('[part=sync-button]').waitFor();
  await inWidget('[part=sync-button]').click();
  await inWidget('[part=progress]').waitFor();
  if (!popup.isClosed()) await popup.close();
  return page.evaluate(() => window.events.map((event) => event.type));
}

test('npm pack → install → esbuild: the React component connects, chooses and syncs under Strict Mode', async () => {
  const { out, wasm } = await bundle('react', 'main.jsx');
  const bundled = readFileSync(path.join(out, 'main.js'), 'utf8');
  assert.match(bundled, /new URL\("\.\/outlook-connect\.wasm",\s*import\.meta\.url\)/,
    'the bundle keeps the package\'s wasm reference in the form bundlers follow');
  assert.equal(readdirSync(installed).includes('package.json'), true);
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.version, JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version=1',
    '--manifest-path', path.join(repoRoot, 'Cargo.toml')], { encoding: 'utf8' })).packages
    .find((p) => p.name === 'outlook-connect').version, 'the crate\'s version');

  const page = await serve(out, 'react');
  await page.goto(`${sb.host_url}/react/index.html?customer=${customer('npm-react')}`);
  await page.locator('#mail-sync [part=connect-button]').waitFor();
  await page.waitForFunction(() => (window.events || []).some((event) => event.type === 'ready'));
  assert.equal(await page.evaluate(() => document.getElementById('mail-sync').shadowRoot
    .querySelectorAll('[part=root]').length), 1, 'Strict Mode mounted, unmounted and mounted again: one widget');
  assert.deepEqual(await page.evaluate(() => window.widget.current.getFolders()), ['Inbox'], 'the ref is the handle');
  // A prop change reaches the widget through update.
  await page.getByRole('button', { name: 'Theme: light' }).click();
  await page.locator('#mail-sync [part=root][data-theme=dark]').waitFor();
  // A bad prop is refused by update and reaches onError with the widget's code; the widget keeps its theme.
  await page.evaluate(() => window.setTheme('neon'));
  await page.waitForFunction(() => (window.errors || []).length > 0);
  assert.deepEqual(await page.evaluate(() => window.errors), [['config_invalid', 'code,message']]);
  assert.equal(await page.locator('#mail-sync [part=root]').getAttribute('data-theme'), 'dark');
  await page.evaluate(() => window.setTheme('dark'));

  const types = await connectChooseSync(page, '#mail-sync');
  assert.ok(types.includes('connected') && types.includes('sync_requested'), types.join(', '));
  await page.locator('#connected', { hasText: 'Connected mailbox #' }).waitFor(); // onConnected prop
  assert.ok(page.served.some((file) => /^outlook-connect\.choose\.[0-9a-f]+\.wasm$/.test(file)),
    `the Choose chunk came from beside the bundle: ${page.served.join(', ')}`);
  assert.ok(wasm.includes('outlook-connect.wasm'));
  await screenshot(page, 'npm-react-example');
  // The refused prop above is also logged on purpose; nothing else went wrong.
  assert.deepEqual(page.problems.filter((line) => !line.includes('got "neon"')), []);
  assert.equal(page.problems.length, 1);
  await page.context().close();
});

test('npm pack → install → esbuild: `import { create } from "outlook-connect"` connects, chooses and syncs', async () => {
  const { out } = await bundle('module', 'main.js');
  const page = await serve(out, 'module');
  await page.goto(`${sb.host_url}/module/index.html?customer=${customer('npm-module')}`);
  await page.locator('#mail-sync [part=connect-button]').waitFor();
  await page.waitForFunction(() => window.parsed !== undefined);
  assert.deepEqual(await page.evaluate(() => window.parsed.filters), { key: 'is', value: 'flagged' });
  assert.equal(await page.evaluate(() => customElements.get('outlook-connect') !== undefined), true,
    'outlook-connect/element defined the element');
  const types = await connectChooseSync(page, '#mail-sync');
  assert.deepEqual(types.slice(0, 3), ['ready', 'popup_opened', 'connected']);
  assert.ok(types.includes('sync_requested'), types.join(', '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
