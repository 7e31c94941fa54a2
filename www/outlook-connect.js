/*! outlook-connect loader: defines window.OutlookConnect and <outlook-connect>, then loads the widget's
 *  WebAssembly from beside this file. Calls made before the wasm is ready are queued and replayed. */
(function (global) {
  'use strict';
  // Loaded twice (two script tags, a bundler and a tag…): the first copy stays in charge, nothing is redefined.
  if (global.OutlookConnect && global.OutlookConnect.__loader === 1) {
    return global.OutlookConnect;
  }
  // `cargo xtask dist` also writes this file as the npm package's ES module (dist/npm/index.js), with this set to
  // true: there the element is defined only when `outlook-connect/element` is imported.
  var AS_MODULE = false;

  var VERSION = '@@VERSION@@';
  var script = document.currentScript;
  var baseUrl = new URL('.', (script && script.src) || global.location.href).href;
  var wasmUrl = new URL('outlook-connect.wasm', baseUrl).href;
  var CSP_HINT = "add 'wasm-unsafe-eval' to the script-src directive of your Content-Security-Policy " +
    "(for example: script-src 'self' 'wasm-unsafe-eval')";
  // Whether this page lets WebAssembly compile: a Content-Security-Policy without 'wasm-unsafe-eval' makes
  // compiling the smallest module (its 8-byte header) throw. Where it does, widgets run in frame mode by default
  // (`mode: 'auto'`): inside frame.html, served from this script's origin with its own policy, driven by
  // outlook-connect-frame-client.js, which is fetched only then. (Chromium logs the refused compile once.)
  var wasmAllowed = false;
  try {
    wasmAllowed = !!new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (blocked) { /* no WebAssembly here, or the policy refuses it */ }
  // A policy can also refuse the wasm after that check passed: WebKit compiles the 8-byte module under a policy
  // without 'wasm-unsafe-eval', and a connect-src without this script's origin refuses the download. The page then
  // reports a violation naming the wasm (or 'wasm-eval'), and loading fails as wasm_blocked, so `auto` widgets go
  // to the frame all the same. This holds what was refused.
  var refused = null;
  document.addEventListener('securitypolicyviolation', function (event) {
    var blocked = String(event.blockedURI || '');
    // A report names a cross-origin address by its origin only.
    if (blocked === 'wasm-eval' || blocked === wasmUrl || blocked === new URL(wasmUrl).origin) { refused = blocked; }
  });

  // The wasm-bindgen glue (target no-modules) is inserted here by `cargo xtask dist`. Its `wasm_bindgen`
  // binding stays private to this function: the only global we define is OutlookConnect.
  /*@@WASM_BINDGEN_GLUE@@*/

  // The widget's style sheet (src/styles.css, minified) and the Connect screen's text in every locale (from
  // src/i18n.rs), both put here by `cargo xtask dist`. The loader adopts the sheet into every shadow root the
  // widget renders in — its own early frame and the wasm's app share one sheet.
  var STYLES = /*@@STYLES@@*/'';
  var CONNECT_TEXT = /*@@CONNECT_TEXT@@*/{};
  var POPUP_WIDTH = 500, POPUP_HEIGHT = 600; // as src/oauth/machine.rs opens it: centred on the host window

  var exports = null;   // wasm_bindgen's exports once the module is instantiated
  var failure = null;   // the error that stopped loading (wasm_blocked or load_failed)
  var waiting = [];     // functions to run as soon as loading ends, either way
  var resolveReady, rejectReady;
  var ready = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });
  ready.catch(function () {}); // hosts read `ready`; an unread failure must not become an unhandled rejection

  function ocError(code, message) {
    var error = new Error(message);
    error.name = 'OutlookConnectError';
    error.code = code;
    return error;
  }

  function notReady(method) {
    return ocError('not_ready', method + ': outlook-connect is still loading; wait for `await handle.ready` ' +
      '(or `await OutlookConnect.ready`) before calling it');
  }

  function whenLoaded(run) {
    if (exports || failure) { run(); } else { waiting.push(run); }
  }

  function finish() {
    var queued = waiting;
    waiting = [];
    queued.forEach(function (run) { run(); });
  }

  function classify(error) {
    if (error && error.code === 'load_failed') { return error; }
    var text = String((error && error.message) || error);
    if (/Content.Security.Policy|wasm-eval|unsafe-eval|Refused to compile/i.test(text)) {
      return ocError('wasm_blocked', 'outlook-connect cannot start: this page\'s Content-Security-Policy blocks ' +
        'WebAssembly. To fix it, ' + CSP_HINT + '. Browser said: ' + text);
    }
    return ocError('load_failed', 'outlook-connect could not load ' + wasmUrl + ': ' + text);
  }

  // Runs `run` once the page has painted the frame it is building (the early Connect screen among it): at once in a
  // hidden tab, which paints nothing, and after at most a second if the tab goes hidden meanwhile (rAF pauses).
  function afterPaint(run) {
    var done = false;
    function once() {
      if (!done) {
        done = true;
        run();
      }
    }
    if (document.visibilityState === 'hidden' || typeof global.requestAnimationFrame !== 'function') { return once(); }
    global.requestAnimationFrame(function () { global.setTimeout(once, 0); });
    global.setTimeout(once, 1000);
  }

  // Resolves after that paint once the main thread is idle (at most 200 ms later). The wasm downloads meanwhile;
  // compiling and starting it waits for this, so it never delays that paint or the page's first input.
  function afterFirstPaint() {
    return new Promise(function (resolve) {
      afterPaint(function () {
        if (typeof global.requestIdleCallback === 'function') {
          global.requestIdleCallback(resolve, { timeout: 200 });
        } else {
          resolve();
        }
      });
    });
  }

  // Compiles the first-load module while it downloads: the browser compiles a streamed module off the main thread
  // as its bytes arrive, so after the first paint only instantiating it and the first render are left to run there.
  // A server that does not say `application/wasm` gets the same module compiled from its bytes once they are in.
  function compile(response) {
    if (!response.ok) {
      throw ocError('load_failed', 'outlook-connect could not load ' + wasmUrl + ': HTTP ' + response.status);
    }
    if (WebAssembly.compileStreaming && /^application\/wasm\b/i.test(response.headers.get('Content-Type'))) {
      return WebAssembly.compileStreaming(response);
    }
    return response.arrayBuffer().then(WebAssembly.compile);
  }

  function load() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      return Promise.reject(ocError('wasm_blocked', 'outlook-connect cannot start: this browser does not run ' +
        'WebAssembly (or it is switched off). Use a current Chrome, Edge, Firefox or Safari; if a policy blocks it, ' +
        CSP_HINT + '.'));
    }
    if (!wasmAllowed) {
      return Promise.reject(ocError('wasm_blocked', 'outlook-connect cannot start in this page: its ' +
        'Content-Security-Policy blocks WebAssembly. To fix it, ' + CSP_HINT + ", or leave `mode` at 'auto' " +
        "to run the widget in its frame."));
    }
    var compiled = fetch(wasmUrl, { credentials: 'same-origin' }).then(compile);
    return Promise.all([compiled, afterFirstPaint()]).then(function (both) {
      return wasm_bindgen({ module_or_path: both[0] });
    }).then(function () {
      // A task of its own for creating and rendering the widgets: input that arrived while the module compiled
      // (a click, a keypress on the host page) is handled first.
      return new Promise(function (resolve) { global.setTimeout(resolve, 0); });
    }).then(function () {
      return wasm_bindgen;
    }, function (error) {
      // The violation is reported in a task of its own: look once it has had its turn.
      return new Promise(function (resolve) { global.setTimeout(resolve, 0); }).then(function () {
        if (!refused) { throw classify(error); }
        wasmAllowed = false;
        throw ocError('wasm_blocked', 'outlook-connect cannot start in this page: its Content-Security-Policy ' +
          (refused === 'wasm-eval' ? 'blocks WebAssembly. To fix it, ' + CSP_HINT
            : 'refused to download ' + wasmUrl + '. To fix it, add ' + new URL(wasmUrl).origin + ' to its connect-src') +
          ", or leave `mode` at 'auto' to run the widget in its frame.");
      });
    });
  }

  // Reports an error that has no caller left to throw to (a queued call replayed after loading).
  function report(config, error) {
    if (config && typeof config.onEvent === 'function') {
      try {
        config.onEvent({ type: 'error', ts: Date.now(), data: { code: error.code || 'error', message: error.message } });
      } catch (ignored) { /* a throwing host callback must not stop the widget */ }
    }
    if (global.console) { global.console.error('outlook-connect:', error); }
  }

  var sheet = null;
  /** Gives `shadow` the widget's styles: one constructable sheet for all, or a <style> where there is none. */
  function adoptStyles(shadow) {
    try {
      if (!sheet) {
        sheet = new global.CSSStyleSheet();
        sheet.replaceSync(STYLES);
      }
      shadow.adoptedStyleSheets = [sheet];
    } catch (unsupported) {
      if (!shadow.querySelector('style[data-oc-styles]')) {
        var style = document.createElement('style');
        style.setAttribute('data-oc-styles', '');
        style.textContent = STYLES;
        shadow.insertBefore(style, shadow.firstChild);
      }
    }
  }

  function element(tag, attributes, children) {
    var node = tag === 'svg' || tag === 'rect' || tag === 'path'
      ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(template, org) { return String(template || '').split('{org}').join(org); }

  /** The element `mount(target)` will render in, if the loader can already tell (the wasm checks it properly). */
  function mountHost(target) {
    try {
      var host = typeof target === 'string' ? document.querySelector(target) : target;
      return host instanceof global.Element ? host : null;
    } catch (invalidSelector) {
      return null;
    }
  }

  // The first mailbox list, asked for at `mount` while the wasm downloads (with the early token), so the widget has
  // the answer when it starts instead of asking then: its transport takes this answer when its first list is this
  // very request (src/api/fetch.rs). tests/api_requests.rs holds these to the widget's request builder.
  var DEFAULT_API_URL = 'https://api.carbon.ai';
  var LIST_PATH = '/user_data_sources';
  var LIST_BODY = '{"filters":{"revoked_access":false,"source":"OUTLOOK"},"order_by":"created_at","order_dir":"desc","pagination":{"limit":100,"offset":0}}';
  var TOKEN_SCHEME = 'Token ';

  /** The config's API address as the widget will send to it, or null when the loader cannot be sure (the wasm's
   *  check is the one that names the field): https (http for a loopback host), read by the browser as written. */
  function earlyApiUrl(config) {
    var raw;
    try { raw = config.apiUrl; } catch (unreadable) { return null; }
    if (raw === undefined) { return DEFAULT_API_URL; }
    if (typeof raw !== 'string') { return null; }
    raw = raw.trim().replace(/\/+$/, '');
    var url;
    try { url = new URL(raw); } catch (invalid) { return null; }
    var plain = url.protocol === 'https:' ||
      (url.protocol === 'http:' && /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname));
    return plain && !url.username && !url.password && url.href.replace(/\/$/, '') === raw ? raw : null;
  }

  /**
   * Once the early token is in, asks for the mailbox list, and returns the hand-over the wasm's transport calls
   * (src/api/fetch.rs): with a request's key (method and URL, authorization, body, one per line) and its abort
   * signal, the answer when this was that request (once); with nothing, the widget will not ask, so it stops. Nothing
   * is sent for a token or an apiUrl the widget would not use as it is: the wasm then reports it.
   */
  function earlyList(config, token) {
    var base = token && earlyApiUrl(config);
    if (!base) { return undefined; }
    var controller = new global.AbortController(), key = null, answer = null, asked = false, taken = false;
    // Sent after the early frame is painted, unless the widget asked for its list first (it then sends its own).
    token.then(function (reply) {
      afterPaint(function () {
        var value = null;
        try { value = reply && typeof reply === 'object' ? reply.access_token : null; } catch (unreadable) { /* the wasm says */ }
        if (asked || typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value = value.trim())) { return; }
        var url = base + LIST_PATH, authorization = TOKEN_SCHEME + value;
        key = 'POST ' + url + '\n' + authorization + '\n' + LIST_BODY;
        answer = global.fetch(url, { method: 'POST', body: LIST_BODY, signal: controller.signal,
          headers: { authorization: authorization, 'content-type': 'application/json' } });
        answer['catch'](function () {});
      });
    }, function () {});
    return function (wanted, signal) {
      asked = true;
      if (taken || (wanted !== undefined && wanted !== key)) { return undefined; }
      taken = true;
      if (wanted === undefined) {
        controller.abort();
        return undefined;
      }
      signal.addEventListener('abort', function () { controller.abort(); });
      return answer;
    };
  }

  // Early frames by host element: the Connect screen the loader draws while the wasm downloads.
  var frames = typeof WeakMap === 'function' ? new WeakMap() : null;

  /**
   * The language the widget will speak, as `src/runtime.rs`'s `language_of` picks it: an explicit tag's language
   * (`de-AT` → `de`), or for `auto` the first of `navigator.languages` the widget has a table for; English else.
   */
  function earlyLanguage(locale) {
    var nav = global.navigator || {};
    var preferred = typeof locale === 'string' && locale !== 'auto' ? [locale]
      : [].concat(nav.languages || [], nav.language || []);
    for (var i = 0; i < preferred.length; i++) {
      var language = String(preferred[i]).split(/[-_]/)[0].toLowerCase();
      if (CONNECT_TEXT[language]) { return language; }
    }
    return 'en';
  }

  /**
   * Draws the first screen — the Connect screen, the same markup and styles the wasm renders (see
   * src/components/connect.rs), so its first render replaces it without moving anything — in `host`'s shadow
   * root. Its button is live: a click before the wasm is ready opens the sign-in popup inside the gesture
   * (blank, centred) and the wasm takes it over (`handOver`). `inFrame`: for a widget that runs in the frame,
   * whose client replaces this screen with the frame's once the frame has drawn; its button waits, disabled.
   * Nothing is drawn where the widget could not mount anyway (no element, an element with a shadow root already).
   */
  function paintEarly(host, config, inFrame) {
    if (!frames || !host || host.shadowRoot || frames.has(host)) { return; }
    var shadow;
    try {
      shadow = host.attachShadow({ mode: 'open' });
    } catch (cannotHold) {
      return;
    }
    config = config || {};
    var text = CONNECT_TEXT[earlyLanguage(config.locale)] || CONNECT_TEXT.en || {};
    var org = typeof config.orgName === 'string' ? config.orgName : '';
    var theme = config.theme === 'light' || config.theme === 'dark' ? config.theme : 'system';
    var header = [element('span', { 'class': 'oc-org', part: 'org-name' }, [org])];
    if (typeof config.brandIcon === 'string' && /^https:\/\//i.test(config.brandIcon)) {
      header.unshift(element('img', { 'class': 'oc-brand-icon', part: 'brand-icon', src: config.brandIcon,
        width: '40', height: '40', alt: fill(text.iconAlt, org) }));
    }
    var icon = element('svg', { 'class': 'oc-button-icon', viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' }, [
      element('rect', { x: '1', y: '3', width: '14', height: '10', rx: '1.5', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5' }),
      element('path', { d: 'M1.8 4 8 8.6 14.2 4', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5' })
    ]);
    var button = element('button', { type: 'button', 'class': 'oc-button oc-primary', part: 'connect-button' }, [icon, text.button]);
    // In frame mode the sign-in runs in the frame, which cannot take over a window this page opened: the button
    // waits, disabled, until the frame's own screen replaces this one.
    if (inFrame) { button.disabled = true; }
    var frame = element('div', { 'data-oc-early': '' }, [
      element('div', { 'class': 'oc-root', part: 'root', tabindex: '-1', 'data-theme': theme, lang: text.tag || 'en',
        dir: text.dir || 'ltr' }, [
        element('section', { 'class': 'oc-card', part: 'card', 'aria-labelledby': 'oc-connect-title' }, [
          element('header', { 'class': 'oc-brand', part: 'header' }, header),
          element('h2', { id: 'oc-connect-title', 'class': 'oc-title', part: 'title' }, [text.title]),
          element('p', { 'class': 'oc-lead', part: 'lead' }, [fill(text.lead, org)]),
          element('p', { 'class': 'oc-muted' }, [text.readOnly]),
          button,
          element('p', { 'class': 'oc-footer', part: 'footer' }, [text.poweredBy])
        ])
      ])
    ]);
    var early = { frame: frame, button: button, inFrame: !!inFrame, clicked: false, popup: null };
    button.addEventListener('click', function () {
      if (early.inFrame) { return; }
      early.clicked = true;
      if (early.popup && !early.popup.closed) {
        early.popup.focus();
        return;
      }
      var left = Math.max(0, Math.round(global.screenX + (global.outerWidth - POPUP_WIDTH) / 2));
      var top = Math.max(0, Math.round(global.screenY + (global.outerHeight - POPUP_HEIGHT) / 2));
      early.popup = global.open('about:blank', 'outlook-connect-sign-in-early',
        'popup=yes,width=' + POPUP_WIDTH + ',height=' + POPUP_HEIGHT + ',left=' + left + ',top=' + top);
    });
    adoptStyles(shadow);
    shadow.appendChild(frame);
    frames.set(host, early);
  }

  /** `host`'s early frame, drawn for the page, is for the frame after all: its button waits (a popup it opened goes). */
  function toFrame(host) {
    var early = host && frames && frames.get(host);
    if (!early) { return; }
    early.inFrame = true;
    early.button.disabled = true;
    if (early.popup && !early.popup.closed) { early.popup.close(); }
  }

  /** Whether the person's focus is in `host`'s early frame (read before the wasm's mount removes it). */
  function focusedEarly(host) {
    var early = host && frames && frames.get(host);
    return !!(early && host.shadowRoot && early.frame.contains(host.shadowRoot.activeElement));
  }

  /**
   * After the wasm mounted in `host` (its first render, a microtask later, replaces the early frame): the styles,
   * and once that render is done (`ready`), the person's focus back on the Connect button and a popup the early
   * button opened handed to the widget, which signs in with it.
   */
  function handOver(host, inner, hadFocus) {
    if (!host) { return; }
    if (host.shadowRoot) { adoptStyles(host.shadowRoot); }
    var early = frames && frames.get(host);
    if (!early) { return; }
    frames['delete'](host);
    // Clicked: sign in with the popup the click opened, or, when the browser blocked it, let the widget try (and
    // offer "Open sign-in window"). A popup the person closed already is a change of mind: nothing happens.
    var signIn = early.clicked && !(early.popup && early.popup.closed);
    if (!signIn && !hadFocus) { return; }
    var off = inner.on('ready', function () {
      off();
      var button = hadFocus && host.shadowRoot && host.shadowRoot.querySelector('[part=connect-button]');
      if (button) { button.focus(); }
      if (signIn) { inner.__connectIn(early.popup); }
    });
  }

  /** Loading or mounting failed: the early frame goes (the host hears the error) and so does its popup. */
  function dropFrame(host) {
    var early = host && frames && frames.get(host);
    if (!early) { return; }
    frames['delete'](host);
    if (early.frame.parentNode) { early.frame.parentNode.removeChild(early.frame); }
    if (early.popup && !early.popup.closed) { early.popup.close(); }
  }

  /** Whether a widget with `config` runs in the frame: `mode: 'frame'`, or `auto` (the default) on a page that
   *  blocks WebAssembly. An unknown mode goes the default way; the widget's config check names it. */
  function framed(config) {
    var mode;
    try { mode = config && config.mode; } catch (unreadable) { /* named by the config check */ }
    return mode === 'frame' || (!wasmAllowed && mode !== 'inline');
  }

  // The frame client (outlook-connect-frame-client.js): fetched from beside this file the first time a widget
  // needs it; it hands its factory to `OutlookConnect.__frame`. `clientRuns` wait for it, called with
  // (factory) or (null, error).
  // The npm module has no frame: its files are bundled into the host's origin, and frame.html needs its own.
  var frameBase = AS_MODULE ? null : baseUrl;
  var clientFactory = null, clientError = null, clientRuns = null;
  function whenClient(run) {
    if (clientFactory || clientError) { return run(clientFactory, clientError); }
    if (!clientRuns) {
      clientRuns = [];
      if (!frameBase) {
        clientDone(null, ocError('wasm_blocked', 'outlook-connect: frame mode needs the script-tag build ' +
          "(outlook-connect.js and frame.html served from the widget's origin); from npm, allow 'wasm-unsafe-eval' " +
          "and use mode: 'inline'"));
        return run(null, clientError);
      }
      var tag = document.createElement('script');
      tag.src = new URL('outlook-connect-frame-client.js', frameBase).href;
      tag.onerror = function () { clientDone(null, ocError('load_failed', 'outlook-connect could not load ' + tag.src)); };
      (document.head || document.documentElement).appendChild(tag);
    }
    clientRuns.push(run);
  }
  function clientDone(factory, error) {
    if (clientFactory || clientError) { return; }
    clientFactory = factory;
    clientError = error;
    var runs = clientRuns || [];
    clientRuns = null;
    runs.forEach(function (run) { run(factory, error); });
  }

  /** A widget handle. Before the wasm is ready its calls are queued and replayed in order. */
  function Handle(config) {
    var self = this;
    this._config = config;
    this._inner = null;
    this._error = null;
    this._queue = [];
    this.ready = new Promise(function (resolve, reject) { self._resolve = resolve; self._reject = reject; });
    this.ready.catch(function () {});
  }

  Handle.prototype._attach = function (factory, error) {
    var self = this;
    if (!factory && !error && failure && framed(this._config)) {
      // The page refused the wasm after all (see `refused`): this widget runs in the frame instead, and its first
      // screen waits for the frame's.
      this._framed = true;
      if (this._earlyList) { this._earlyList(); }
      toFrame(this._host);
      return whenClient(function (client, clientError) { self._attach(client, clientError); });
    }
    if (error || (!factory && failure)) { return this._fail(error || failure); }
    var inner;
    try {
      // A widget moved to the frame late has already asked the host for its token: the frame takes that answer.
      inner = factory ? factory(this._config, new URL('frame.html', frameBase).href, this._earlyToken)
        : exports.create(this._config, this._earlyToken, this._earlyList);
    } catch (thrown) {
      return this._fail(thrown);
    }
    if (factory) { return this._replay(inner, factory); }
    // The queued calls, and with them the mount's first render, run in a task of their own: creating the widgets
    // and rendering each are separate short tasks, so input (and anything else the page has to do) gets in between.
    // Calls made meanwhile still queue behind them (`_inner` is set only when they replay).
    global.setTimeout(function () { self._replay(inner, null); }, 0);
  };

  Handle.prototype._replay = function (inner, factory) {
    var self = this;
    this._inner = inner;
    var queue = this._queue;
    this._queue = null;
    for (var i = 0; i < queue.length; i++) {
      try {
        // In the frame a change answers later: its refusal has no caller left either.
        var answer = this[queue[i].method].apply(this, queue[i].args);
        if (answer && answer.then) { answer.then(null, report.bind(null, this._config)); }
      } catch (error) {
        if (queue[i].method === 'mount') { dropFrame(this._host); }
        report(this._config, error);
      }
    }
    if (!factory) { return this._resolve(this); }
    // In the frame, ready waits for the frame's widget; its failure was reported by the client already.
    this._inner.ready.then(function () { self._resolve(self); }, function (failed) {
      self._error = failed;
      self._reject(failed);
    });
  };

  Handle.prototype._fail = function (error) {
    dropFrame(this._host);
    if (this._earlyList) { this._earlyList(); }
    this._error = error;
    this._queue = null;
    report(this._config, error);
    this._reject(error);
  };

  Handle.prototype._call = function (method, args) {
    if (this._inner) { return this._inner[method].apply(this._inner, args); }
    if (this._error) { throw this._error; }
    if (method === 'destroy') {
      dropFrame(this._host);
      if (this._earlyList) { this._earlyList(); }
    }
    this._queue.push({ method: method, args: args });
    return undefined;
  };

  /** Mounts in `target`; before the wasm is ready, the Connect screen is drawn there at once (`paintEarly`). */
  Handle.prototype.mount = function (target) {
    if (this._framed) {
      // The frame client takes this first screen over when it mounts (now, or once it has loaded), and drops it
      // once the frame has drawn: a frame takes a few round trips more than the loader to show anything.
      if (!this._error && !this._host) {
        this._host = mountHost(target);
        paintEarly(this._host, this._config, true);
      }
      if (!this._inner) { return this._call('mount', [target]); }
      var mounted;
      try {
        mounted = this._inner.mount(target);
      } catch (thrown) {
        dropFrame(this._host);
        throw thrown;
      }
      if (frames && this._host) { frames['delete'](this._host); } // the client has the screen now
      return mounted;
    }
    if (this._inner) {
      var host = mountHost(target);
      var hadFocus = focusedEarly(host);
      var result = this._inner.mount(target);
      handOver(host, this._inner, hadFocus);
      return result;
    }
    if (!this._error && !this._host) {
      this._host = mountHost(target);
      paintEarly(this._host, this._config);
      if (this._host) { this._earlyList = earlyList(this._config, this._earlyToken); }
    }
    return this._call('mount', [target]);
  };

  ['update', 'destroy', 'off', 'setFilters', 'setFolders', 'setFolderTree', 'setCategories'].forEach(function (method) {
    Handle.prototype[method] = function () { return this._call(method, Array.prototype.slice.call(arguments)); };
  });

  ['getFilters', 'getFolders'].forEach(function (method) {
    Handle.prototype[method] = function () {
      if (this._inner) { return this._inner[method](); }
      throw this._error || notReady(method);
    };
  });

  /** Starts a sync like the Sync button; always a Promise (called early, it waits for the wasm). */
  Handle.prototype.sync = function () {
    var self = this;
    return this.ready.then(function () { return self._inner.sync(); });
  };

  /** Adds a listener; returns a function that removes it (also when called before loading ended). */
  Handle.prototype.on = function (type, callback) {
    if (this._inner) { return this._inner.on(type, callback); }
    var self = this;
    this._call('on', [type, callback]);
    return function () { self.off(type, callback); };
  };

  var OutlookConnect = {
    __loader: 1,
    version: VERSION,
    /** Resolves with OutlookConnect once the widget can run; rejects with wasm_blocked or load_failed. */
    ready: ready,
    /** Validates `config` and returns a handle. Once loaded, an invalid config throws `config_invalid` here. */
    create: function (config) {
      var handle = new Handle(config);
      if (framed(config)) {
        handle._framed = true;
        whenClient(function (factory, error) { handle._attach(factory, error); });
      } else if (exports) {
        handle._inner = exports.create(config);
        handle._queue = null;
        handle._resolve(handle);
      } else {
        // Ask for the customer token now, while the wasm downloads, instead of after it: the widget takes this
        // answer as its first token (a failed one is simply asked again). After a microtask, so the host's
        // function never runs inside its own create() call.
        try {
          var fetcher = config && config.tokenFetcher;
          if (typeof fetcher === 'function') {
            handle._earlyToken = Promise.resolve().then(function () { return fetcher(); });
            handle._earlyToken.catch(function () {});
          }
        } catch (unreadable) { /* the wasm names the field when it reads the config */ }
        whenLoaded(function () { handle._attach(); });
      }
      return handle;
    },
    /** Checks a filter tree (object or JSON text): {ok, filters, errors: [{path, code, message}], warnings}. */
    parseFilters: function (input) {
      if (exports) { return exports.parseFilters(input); }
      throw failure || notReady('parseFilters');
    }
  };

  if (AS_MODULE) {
    Object.defineProperty(OutlookConnect, '__defineElement', { value: defineElement });
  }
  // Where outlook-connect-frame-client.js hands over its widget factory (once).
  Object.defineProperty(OutlookConnect, '__frame', {
    value: function (factory) { if (typeof factory === 'function') { clientDone(factory, null); } }
  });
  Object.defineProperty(global, 'OutlookConnect', { value: Object.freeze(OutlookConnect), configurable: false });

  if (!AS_MODULE) { defineElement(); }

  load().then(function (loaded) {
    exports = loaded;
    finish();
    resolveReady(OutlookConnect);
  }, function (error) {
    failure = error;
    finish();
    if (wasmAllowed || error.code !== 'wasm_blocked') {
      rejectReady(error);
      if (global.console) { global.console.error('outlook-connect:', error); }
      return;
    }
    // Blocked here: widgets run in the frame, so `ready` means "create() works" once the frame client is in.
    whenClient(function (factory, clientError) {
      if (factory) { resolveReady(OutlookConnect); } else { rejectReady(clientError); }
    });
  });

  /** <outlook-connect>: attributes for strings, properties for objects and functions; mounts when connected. */
  function defineElement() {
    if (!global.customElements || !global.HTMLElement || global.customElements.get('outlook-connect')) { return; }
    var ATTRIBUTES = {
      'api-url': 'apiUrl', 'org-name': 'orgName', 'brand-icon': 'brandIcon', 'locale': 'locale', 'theme': 'theme',
      'mode': 'mode'
    };
    var PROPERTIES = ['tokenFetcher', 'onEvent', 'filters', 'folders', 'syncOptions', 'autoSync', 'authTimeoutMs', 'tokenFetcherTimeoutMs'];

    class OutlookConnectElement extends global.HTMLElement {
      static get observedAttributes() { return Object.keys(ATTRIBUTES); }

      constructor() {
        super();
        this._props = {};
        this._handle = null;
        this._pending = false;
      }

      connectedCallback() {
        var self = this;
        // Properties set on the element before this class was defined live on the instance: move them to setters.
        PROPERTIES.forEach(function (name) {
          if (Object.prototype.hasOwnProperty.call(self, name)) {
            var value = self[name];
            delete self[name];
            self[name] = value;
          }
        });
        var config = this._config();
        if (framed(config)) {
          paintEarly(this, config, true);
        } else if (!exports && !failure) {
          paintEarly(this, config);
        }
        this._schedule();
      }

      disconnectedCallback() {
        dropFrame(this);
        if (this._handle) {
          this._handle.destroy();
          this._handle = null;
        }
      }

      attributeChangedCallback(name, oldValue, newValue) {
        if (this._handle && oldValue !== newValue) { this._change(ATTRIBUTES[name], newValue); }
      }

      /** The widget handle behind this element (null until mounted). */
      get handle() { return this._handle; }

      getFilters() { return this._require('getFilters').getFilters(); }
      setFilters(tree) { return this._require('setFilters').setFilters(tree); }
      getFolders() { return this._require('getFolders').getFolders(); }
      setFolders(names) { return this._require('setFolders').setFolders(names); }
      setFolderTree(folders) { return this._require('setFolderTree').setFolderTree(folders); }
      setCategories(categories) { return this._require('setCategories').setCategories(categories); }
      sync() { return this._handle ? this._handle.sync() : Promise.reject(notReady('sync')); }

      _require(method) {
        if (!this._handle) { throw notReady(method); }
        return this._handle;
      }

      // Mount once the wasm is ready, with the attributes and properties the element has by then (a host
      // usually sets `tokenFetcher` right after the element is parsed or appended).
      _schedule() {
        var self = this;
        if (this._pending) { return; }
        this._pending = true;
        ready.then(function () {
          self._pending = false;
          self._start();
        }, function (error) {
          self._pending = false;
          self._failed(error);
        });
      }

      _config() {
        var config = {};
        var self = this;
        Object.keys(ATTRIBUTES).forEach(function (attribute) {
          if (self.hasAttribute(attribute)) { config[ATTRIBUTES[attribute]] = self.getAttribute(attribute); }
        });
        Object.keys(this._props).forEach(function (name) { config[name] = self._props[name]; });
        return config;
      }

      _start() {
        if (!this.isConnected || this._handle) { return; }
        try {
          var handle = OutlookConnect.create(this._config());
          handle.mount(this);
          this._handle = handle;
        } catch (error) {
          // Left unmounted: the next property set (say, a missing tokenFetcher) tries again.
          this._failed(error);
        }
      }

      _failed(error) {
        dropFrame(this);
        this.dispatchEvent(new CustomEvent('outlook-connect:error', {
          bubbles: true, composed: true,
          detail: { type: 'error', ts: Date.now(), data: { code: error.code || 'error', message: error.message } }
        }));
        if (global.console) { global.console.error('outlook-connect:', error); }
      }

      _change(key, value) {
        var partial = {};
        partial[key] = value;
        try {
          this._handle.update(partial);
        } catch (error) {
          report({ onEvent: this._props.onEvent }, error);
        }
      }
    }

    PROPERTIES.forEach(function (name) {
      Object.defineProperty(OutlookConnectElement.prototype, name, {
        configurable: true,
        get: function () { return this._props[name]; },
        set: function (value) {
          this._props[name] = value;
          if (this._handle) { this._change(name, value); } else if (this.isConnected) { this._schedule(); }
        }
      });
    });

    global.customElements.define('outlook-connect', OutlookConnectElement);
  }

  return OutlookConnect;
})(window);
