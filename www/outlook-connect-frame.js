/*! outlook-connect frame side: runs in frame.html (the widget's origin, its own Content-Security-Policy) beside
 *  the loader. Talks only to the host origin named in the frame's URL (#origin=…&id=…) and only to the parent
 *  window: says hello, takes the `init` message's private MessageChannel port, then creates the widget inline
 *  here and relays calls, events, its height and the host's callbacks over that port. */
(function (global) {
  'use strict';
  var document = global.document;
  var params = new URLSearchParams(global.location.hash.slice(1));
  var hostOrigin = params.get('origin') || '';
  var channel = params.get('id') || '';
  var root = document.getElementById('oc');
  var ignored = 0, dropped = 0;

  // Counters a test (or a person in the developer tools) can read: messages from another origin or window
  // (ignored), and messages from the host that did not parse or named nothing known (dropped, never run).
  function count() {
    document.documentElement.setAttribute('data-oc-ignored', String(ignored));
    document.documentElement.setAttribute('data-oc-dropped', String(dropped));
  }

  var pinned = false;
  try { pinned = hostOrigin !== 'null' && new URL(hostOrigin).origin === hostOrigin; } catch (invalid) { /* no */ }
  if (!pinned || !/^[0-9a-f]{32}$/.test(channel) || global.parent === global || !root) { return; }

  var sheet = new global.CSSStyleSheet();
  // No margins and no scrollbar: the host sizes the frame to the widget's height; the widget's box contains its
  // children's margins (flow-root), so that height is all of it.
  sheet.replaceSync('html,body{margin:0;padding:0;overflow:hidden;background:transparent}#oc{display:flow-root}');
  document.adoptedStyleSheets = [sheet];

  var CALLS = { update: 1, setFilters: 1, setFolders: 1, setFolderTree: 1, setCategories: 1, sync: 1 };
  var port = null, handle = null, asked = {}, nextAsk = 1, lastHeight = -1;

  function isObject(value) { return value !== null && typeof value === 'object' && !Array.isArray(value); }

  function send(message) {
    if (!port) { return; }
    if (handle && message.t !== 'size') {
      try { message.mirror = { filters: handle.getFilters(), folders: handle.getFolders() }; } catch (notYet) { /* loading */ }
    }
    port.postMessage(message);
  }

  /** An error as plain data: code, message and the fields the widget's errors carry (issues, errors, fields…). */
  function plain(error) {
    var out = { code: (error && error.code) || 'error', message: String((error && error.message) || error) };
    if (error && typeof error === 'object') {
      Object.keys(error).forEach(function (key) {
        try { out[key] = JSON.parse(JSON.stringify(error[key])); } catch (skipped) { /* not data */ }
      });
    }
    return out;
  }

  /** Asks the host to run one of its callbacks; the Promise settles with its answer. */
  function ask(what, value) {
    var id = nextAsk;
    nextAsk += 1;
    return new Promise(function (resolve, reject) {
      asked[id] = { resolve: resolve, reject: reject };
      send({ t: 'ask', id: id, what: what, value: value });
    });
  }

  /** Puts stand-ins for the host's functions (`fns` names them) into a config or update. */
  function withFunctions(config, fns) {
    if (!isObject(config) || !Array.isArray(fns)) { return config; }
    fns.forEach(function (name) {
      if (name === 'tokenFetcher') {
        config.tokenFetcher = function () { return ask('token'); };
      } else if (name === 'autoSync.onChange' && isObject(config.autoSync)) {
        config.autoSync.onChange = function (enabled) { return ask('autoSync', enabled); };
      }
      // onEvent stays on the host: every event goes there (see start).
    });
    return config;
  }

  function applyTheme(theme) {
    if (!isObject(theme)) { return; }
    Object.keys(theme).forEach(function (name) {
      var value = theme[name];
      if (typeof value !== 'string' || !/^(--oc-[a-z-]+|color-scheme)$/.test(name)) { return; }
      // CSSOM, not a style attribute: allowed by this page's policy (no 'unsafe-inline').
      var target = name === 'color-scheme' ? document.documentElement : root;
      if (value) { target.style.setProperty(name, value); } else { target.style.removeProperty(name); }
    });
  }

  function measure() {
    var height = Math.ceil(Math.max(root.getBoundingClientRect().height, document.body.scrollHeight));
    if (height !== lastHeight) {
      lastHeight = height;
      send({ t: 'size', height: height });
    }
  }

  function start(init) {
    applyTheme(init.theme);
    try {
      handle = global.OutlookConnect.create(withFunctions(init.config, init.fns));
    } catch (error) {
      send({ t: 'failed', error: plain(error) });
      return;
    }
    handle.on('*', function (event) {
      send({ t: 'event', event: { type: event.type, ts: event.ts, data: event.data } });
    });
    handle.mount(root);
    handle.ready.then(function () { send({ t: 'ready' }); }, function (error) { send({ t: 'failed', error: plain(error) }); });
    if (typeof global.ResizeObserver === 'function') { new global.ResizeObserver(measure).observe(root); }
    // A list that opens over what follows it (the category combobox's options) overflows the widget's box without
    // resizing it: measure again after each thing the person does.
    var later = function () { global.requestAnimationFrame(measure); };
    ['click', 'keyup', 'focusin', 'input'].forEach(function (type) { document.addEventListener(type, later, true); });
    measure();
    // The frame goes when the host destroys the widget or leaves: the widget stops its popup, timers and requests.
    global.addEventListener('pagehide', function () { if (handle) { handle.destroy(); } });
  }

  function receive(message) {
    if (!isObject(message)) { dropped += 1; count(); return; }
    if (message.t === 'call' && typeof message.id === 'number' && CALLS[message.method] === 1 &&
        Array.isArray(message.args) && handle) {
      var args = message.args;
      if (message.method === 'update') { withFunctions(args[0], message.fns); }
      // After the widget exists (the frame's wasm loaded), so the answer is the method's own, as inline.
      handle.ready.then(function () {
        return handle[message.method].apply(handle, args);
      }).then(function (value) {
        send({ t: 'result', id: message.id, ok: true, value: value === undefined ? null : value });
      }, function (error) {
        send({ t: 'result', id: message.id, ok: false, error: plain(error) });
      });
      return;
    }
    if (message.t === 'answer' && asked[message.id]) {
      var waiting = asked[message.id];
      delete asked[message.id];
      if (message.ok) {
        waiting.resolve(message.value);
      } else {
        waiting.reject(new Error(isObject(message.error) ? String(message.error.message) : 'the host refused'));
      }
      return;
    }
    if (message.t === 'theme') {
      applyTheme(message.theme);
      return;
    }
    dropped += 1;
    count();
  }

  // Only the pinned host origin, only the parent window, only once, only with this frame's channel id and a port.
  global.addEventListener('message', function (event) {
    if (event.origin !== hostOrigin || event.source !== global.parent) {
      ignored += 1;
      count();
      return;
    }
    var data = event.data;
    if (port || !isObject(data) || data.oc !== 'init' || data.id !== channel || !event.ports || !event.ports[0]) {
      dropped += 1;
      count();
      return;
    }
    port = event.ports[0];
    port.onmessage = function (message) { receive(message.data); };
    start(data);
  });
  count();
  global.parent.postMessage({ oc: 'hello', id: channel }, hostOrigin);
})(window);
