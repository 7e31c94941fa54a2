// Shared set-up for the WebDriver tests that run in every engine (`cargo xtask test --layer engines`): which
// engine (OC_ENGINE: chromium, firefox or webkit), its WebDriver server (OC_WEBDRIVER: chromedriver, geckodriver
// or WebKitWebDriver) and browser (OC_BROWSER_BINARY), all set by xtask; a session through selenium-webdriver
// (from tools/node_modules) with the driver started here on a free port; and queries into the widget's open
// shadow root by script, the one way every driver supports.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../e2e/harness.mjs';

const require = createRequire(path.join(repoRoot, 'tools', 'package.json'));
const { WebDriver, Key } = require('selenium-webdriver');
const { Executor, HttpClient } = require('selenium-webdriver/http');

export { Key };

/** The engine this run drives. */
export const engine = process.env.OC_ENGINE || 'chromium';
const ENGINES = ['chromium', 'firefox', 'webkit'];
if (!ENGINES.includes(engine)) throw new Error(`OC_ENGINE must be one of ${ENGINES}, got ${engine}`);

/** Capabilities of a new session: the browser binary and flags for a closed network and a 1100×760 window. */
function capabilities() {
  const binary = process.env.OC_BROWSER_BINARY;
  switch (engine) {
    case 'chromium':
      return {
        browserName: 'chrome',
        'goog:chromeOptions': {
          binary: binary || '/usr/bin/chromium',
          args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
            '--disable-dev-shm-usage', '--window-size=1100,760'],
          // chromedriver turns the popup blocker off by default; keep it on, as people have it.
          excludeSwitches: ['disable-popup-blocking'],
        },
      };
    case 'firefox':
      return {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: binary || '/usr/bin/firefox-esr',
          args: ['-headless', '-width=1100', '-height=760'],
          prefs: {
            'app.update.auto': false,
            'browser.safebrowsing.update.enabled': false,
            'network.captive-portal-service.enabled': false,
            'network.connectivity-service.enabled': false,
            'extensions.update.enabled': false,
            // Marionette turns the popup blocker off by default; keep it on, as people have it.
            'dom.disable_open_during_load': true,
          },
        },
      };
    default:
      // WebKitWebDriver drives WebKitGTK's MiniBrowser unless told otherwise; it needs an X display (xtask runs
      // this file under xvfb-run).
      return binary ? { 'webkitgtk:browserOptions': { binary, args: ['--automation'] } } : {};
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(url, child, output) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the WebDriver server exited (${child.exitCode}): ${output.join('')}`);
    try {
      const answer = await fetch(`${url}/status`);
      if (answer.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the WebDriver server did not answer on ${url} within 20 s: ${output.join('')}`);
}

/**
 * Starts the engine's WebDriver server and a browser session. Returns `{driver, quit}`; `quit` ends the session
 * and the server.
 */
export async function startSession() {
  const program = process.env.OC_WEBDRIVER;
  if (!program) throw new Error('OC_WEBDRIVER is not set: run these tests through `cargo xtask test --layer engines`');
  const port = await freePort();
  const child = spawn(program, [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (chunk) => { output.push(chunk.toString()); if (output.length > 200) output.shift(); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForDriver(url, child, output);
    const driver = await WebDriver.createSession(new Executor(new HttpClient(url)), capabilities());
    await driver.manage().setTimeouts({ script: 30_000 });
    // The same viewport-ish size everywhere (MiniBrowser opens at 1024 wide, headless Firefox at 1366).
    await driver.manage().window().setRect({ width: 1100, height: 760 });
    const quit = async () => {
      try { await driver.quit(); } finally { child.kill(); }
    };
    return { driver, quit, driverOutput: output };
  } catch (error) {
    child.kill();
    throw error;
  }
}

/** The browser's name and version as the session reports them, e.g. `firefox 153.8.0`. */
export async function browserVersion(driver) {
  const caps = await driver.getCapabilities();
  return `${caps.get('browserName')} ${caps.get('browserVersion')}`;
}

// ---- Inside the widget's shadow root (host `#mail-sync` on the demo page) ----

/**
 * Page-side function source: the first element under `host`'s shadow root matching `selector` whose text
 * (whitespace collapsed) contains `text` (or matches the regular expression source `pattern`), or null.
 */
const FIND = `
  const [host, selector, text, pattern] = arguments;
  const root = document.querySelector(host)?.shadowRoot;
  if (!root) return null;
  const wanted = pattern === null ? null : new RegExp(pattern);
  return [...root.querySelectorAll(selector)].find((element) => {
    const said = element.textContent.replace(/\\s+/g, ' ').trim();
    return (text === null || said.includes(text)) && (wanted === null || wanted.test(said));
  }) || null;`;

/** A widget on a page, addressed by its host element's selector. */
export class Widget {
  constructor(driver, host = '#mail-sync') {
    this.driver = driver;
    this.host = host;
  }

  /** The first element matching `selector` (and `text`/`pattern`, see FIND) inside the shadow root, or null. */
  async find(selector, { text = null, pattern = null } = {}) {
    return this.driver.executeScript(FIND, this.host, selector, text, pattern?.source ?? null);
  }

  /** Waits (up to `timeout` ms) for an element like `find`'s and returns it. */
  async waitFor(selector, { text = null, pattern = null, timeout = 15_000 } = {}) {
    let found = null;
    await this.driver.wait(async () => {
      found = await this.find(selector, { text, pattern });
      return found !== null;
    }, timeout, `waiting for ${selector}${text ? ` with text "${text}"` : ''}${pattern ? ` matching ${pattern}` : ''} in ${this.host}`);
    return found;
  }

  /** Waits until no element matches. */
  async waitGone(selector, { timeout = 15_000 } = {}) {
    await this.driver.wait(async () => (await this.find(selector)) === null, timeout, `waiting for ${selector} to go`);
  }

  async count(selector) {
    return this.driver.executeScript(
      'return document.querySelector(arguments[0]).shadowRoot.querySelectorAll(arguments[1]).length;',
      this.host, selector,
    );
  }

  /** The `innerText` of every match, in document order. */
  async texts(selector) {
    return this.driver.executeScript(
      'return [...document.querySelector(arguments[0]).shadowRoot.querySelectorAll(arguments[1])].map((e) => e.innerText);',
      this.host, selector,
    );
  }

  /** What holds keyboard focus, looking into shadow roots: `part: text` of the element, or `body`. */
  async focused() {
    return this.driver.executeScript(`
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      if (!element || element === document.body) return 'body';
      return element.getAttribute('part') + ': ' + element.textContent.trim();`);
  }
}

/** The `innerText` of an element. */
export async function textOf(driver, element) {
  return driver.executeScript('return arguments[0].innerText;', element);
}

/**
 * Saves a screenshot under target/screenshots as `engine-<engine>-<name>.png`, after two animation frames:
 * WebKitGTK's screenshot is the last painted frame, which can lag the DOM by a render.
 */
export async function screenshot(driver, name) {
  await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
    requestAnimationFrame(() => requestAnimationFrame(() => done()));`);
  const folder = path.join(repoRoot, 'target', 'screenshots');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `engine-${engine}-${name}.png`), await driver.takeScreenshot(), 'base64');
}

/** Presses keys through WebDriver actions (real key events to whatever holds focus). */
export async function press(driver, ...keys) {
  let actions = driver.actions();
  for (const key of keys) {
    if (Array.isArray(key)) {
      const [modifier, rest] = key;
      actions = actions.keyDown(modifier).sendKeys(rest).keyUp(modifier);
    } else {
      actions = actions.sendKeys(key);
    }
  }
  await actions.perform();
}
