/*! outlook-connect frame client: the host page's side of frame mode. The loader fetches this file only when a
 *  widget runs in the frame (the page blocks WebAssembly, or `mode: 'frame'`); it draws an <iframe> of frame.html
 *  (served from the widget's origin with its own Content-Security-Policy) in the host element's shadow root and
 *  gives the host the same handle as inline: calls go to the frame, events, token requests and auto-sync changes
 *  come back, the host's callbacks run here. */
(function (global) {
  'use strict';
  var OutlookConnect = global.OutlookConnect;
  if (!OutlookConnect || typeof OutlookConnect.__frame !== 'function') { return; }

  var EVENTS = ['ready', 'popup_opened', 'popup_blocked', 'connected', 'auth_cancelled', 'auth_timeout',
    'auth_error', 'disconnected', 'folders_loaded', 'filters_changed', 'sync_requested', 'sync_progress',
    'sync_completed', 'sync_error', 'file_resynced', 'file_deleted', 'error'];
  // Methods the frame runs for the host; `mount`, `on`, `off`, `getFilters`, `getFolders` are answered here.
  var CALLS = ['update', 'setFilters', 'setFolders', 'setFolderTree', 'setCategories', 'sync'];
  // The theme the frame takes from the host element: the widget's CSS variables and the color scheme.
  var THEME = ['--oc-accent', '--oc-accent-text', '--oc-background', '--oc-surface', '--oc-text', '--oc-muted',
    '--oc-border', '--oc-danger', '--oc-focus', '--oc-radius', '--oc-font', '--oc-font-size', '--oc-max-width',
    'color-scheme'];
  // Scripts (the widget), its own origin (fetch, storage), popups (the sign-in window, inside the person's
  // click in the frame) that are not sandboxed themselves (Microsoft's sign-in page needs scripts and forms), and
  // forms (the widget's search box submits). Not allowed: navigating the host page, modals, downloads, pointer
  // lock, presentation. No `allow` features are delegated: the widget uses none.
  var SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-forms';
  // The iframe keeps the host element's color-scheme, which the frame's document also takes (see _theme): where
  // the two differ, browsers paint the frame's canvas opaque.
  var STYLES = ':host{display:block}iframe{display:block;width:100%;height:0;border:0;margin:0;padding:0;' +
    'background:transparent}';
  var HANDSHAKE_MS = 30000;

  function ocError(code, message, extra) {
    var error = new Error(message);
    error.name = 'OutlookConnectError';
    error.code = code;
    if (extra) {
      Object.keys(extra).forEach(function (key) { if (key !== 'message') { error[key] = extra[key]; } });
    }
    return error;
  }

  function isObject(value) { return value !== null && typeof value === 'object' && !Array.isArray(value); }

  function console_(method, a, b) { if (global.console) { global.console[method](a, b); } }

  /**
   * What postMessage can carry of a config (or an update's partial): functions stay here, the frame is told which
   * there are (`fns`); a path `brandIcon` is made absolute against this page (the frame is another origin); a
   * value that cannot be read or copied is a `config_invalid` error naming its field.
   */
  function portable(config, method) {
    if (!isObject(config)) {
      return { config: config === undefined ? null : config, fns: [] };
    }
    var out = {}, fns = [], issues = [];
    var keys;
    try { keys = Object.keys(config); } catch (error) {
      throw ocError('config_invalid', method + ': the config could not be read (' + error.message + ')',
        { issues: [{ path: '', expected: 'an object', message: 'the config could not be read' }] });
    }
    keys.forEach(function (key) {
      var value;
      try { value = config[key]; } catch (error) {
        issues.push({ path: key, expected: 'a readable value', message: key + ': could not be read (the getter threw: ' + error.message + ')' });
        return;
      }
      if ((key === 'tokenFetcher' || key === 'onEvent') && typeof value === 'function') {
        fns.push(key);
        return;
      }
      if (key === 'autoSync' && isObject(value)) {
        var auto = {};
        try {
          Object.keys(value).forEach(function (inner) {
            if (inner === 'onChange' && typeof value[inner] === 'function') { fns.push('autoSync.onChange'); } else { auto[inner] = value[inner]; }
          });
        } catch (error) {
          issues.push({ path: key, expected: 'a readable object', message: key + ': could not be read (' + error.message + ')' });
        }
        value = auto;
      }
      if (key === 'brandIcon' && typeof value === 'string' && !/^(https:|data:)/i.test(value.trim()) &&
          value.trim().charAt(0) === '/' && value.trim().charAt(1) !== '/') {
        value = new URL(value.trim(), global.location.href).href;
      }
      if (key === 'mode') {
        // The frame runs its widget inline; an unknown mode goes as it is so the widget names it.
        value = value === 'frame' || value === 'auto' || value === 'inline' ? 'inline' : value;
      }
      try {
        if (typeof global.structuredClone === 'function') { global.structuredClone(value); }
        if (typeof value === 'function') { throw new Error('a function'); }
      } catch (error) {
        issues.push({ path: key, expected: 'a value the widget accepts', message: key +
          ': cannot be sent to the widget\'s frame (' + error.message + ')' });
        return;
      }
      out[key] = value;
    });
    if (issues.length) {
      throw ocError('config_invalid', method + ': invalid config: ' + issues.map(function (issue) { return issue.message; }).join('; '),
        { issues: issues });
    }
    return { config: out, fns: fns };
  }

  /** A random id for the channel (the frame URL carries it; the frame's first message must repeat it). */
  function channelId() {
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (byte) { return (byte + 256).toString(16).slice(1); }).join('');
  }

  /**
   * The widget's handle in frame mode, as the loader's Handle expects of the wasm's. `earlyToken`: the host's
   * tokenFetcher answer the loader asked for while it still expected to run the widget inline (a page that refused
   * the wasm late); the frame's first token request gets it instead of a second call.
   */
  function FrameWidget(config, frameUrl, earlyToken) {
    var self = this;
    this._earlyToken = earlyToken || null;
    var sent = portable(config, 'create');
    this._sent = sent;
    this._fns = {};
    this._keepFns(config, sent.fns);
    this._frameUrl = frameUrl;
    this._frameOrigin = new URL(frameUrl).origin;
    this._id = channelId();
    this._listeners = [];
    this._pending = {};
    this._next = 1;
    this._outbox = [];
    this._port = null;
    this._iframe = null;
    this._early = null;
    this._host = null;
    this._mirror = null;
    this._destroyed = false;
    /** Messages from the frame that did not parse or named nothing known: dropped, never run, counted here. */
    this.dropped = 0;
    this.ready = new Promise(function (resolve, reject) { self._resolve = resolve; self._reject = reject; });
    this.ready.catch(function () {});
    this._onWindowMessage = function (event) { self._handshake(event); };
  }

  /** Keeps the host's functions of `config` (the frame only knows their names). */
  FrameWidget.prototype._keepFns = function (config, names) {
    var fns = this._fns;
    names.forEach(function (name) {
      fns[name] = name === 'autoSync.onChange' ? config.autoSync.onChange : config[name];
    });
    // A key given without a function (null, or a wrong value the frame will refuse) drops the old one.
    ['tokenFetcher', 'onEvent'].forEach(function (key) {
      if (Object.prototype.hasOwnProperty.call(config, key) && names.indexOf(key) < 0) { delete fns[key]; }
    });
    if (Object.prototype.hasOwnProperty.call(config, 'autoSync') && names.indexOf('autoSync.onChange') < 0) {
      delete fns['autoSync.onChange'];
    }
  };

  FrameWidget.prototype._live = function (method) {
    if (this._destroyed) {
      throw ocError('destroyed', method + ': this widget was destroyed; create a new one with OutlookConnect.create');
    }
  };

  /** Draws the frame in an open shadow root of `target` (an element or a CSS selector). */
  FrameWidget.prototype.mount = function (target) {
    this._live('mount');
    if (this._iframe) { throw ocError('already_mounted', 'mount: this widget is already mounted'); }
    var host;
    try {
      host = typeof target === 'string' ? global.document.querySelector(target) : target;
    } catch (error) {
      throw ocError('mount_target', 'mount: ' + JSON.stringify(target) + ' is not a valid CSS selector');
    }
    if (!(host instanceof global.Element)) {
      throw ocError('mount_target', typeof target === 'string'
        ? 'mount: no element matches ' + JSON.stringify(target) : 'mount: expected an element or a CSS selector');
    }
    // The loader's first screen, drawn while this file and the frame load, stays until the frame has drawn its own.
    var shadow = host.shadowRoot;
    var early = shadow && shadow.querySelector('[data-oc-early]');
    if (shadow && !early) {
      throw ocError('already_mounted', 'mount: the element already has a shadow root (another widget is mounted there)');
    }
    if (!shadow) {
      try {
        shadow = host.attachShadow({ mode: 'open' });
      } catch (error) {
        throw ocError('mount_target', 'mount: <' + host.localName + '> cannot hold a shadow root');
      }
    }
    try {
      var sheet = new global.CSSStyleSheet();
      sheet.replaceSync(STYLES);
      shadow.adoptedStyleSheets = Array.prototype.slice.call(shadow.adoptedStyleSheets).concat([sheet]);
    } catch (unsupported) { /* the iframe's attributes below keep it borderless */ }
    this._early = early;
    var iframe = global.document.createElement('iframe');
    iframe.setAttribute('sandbox', SANDBOX);
    iframe.setAttribute('title', 'Outlook mailbox connection');
    iframe.src = this._frameUrl + '#origin=' + encodeURIComponent(global.location.origin) + '&id=' + this._id;
    this._host = host;
    this._iframe = iframe;
    global.addEventListener('message', this._onWindowMessage);
    shadow.appendChild(iframe);
    var self = this;
    this._timer = global.setTimeout(function () {
      if (!self._port) {
        self._failed(ocError('load_failed', 'outlook-connect: the widget\'s frame (' + self._frameUrl + ') did not ' +
          'answer: check that the page\'s Content-Security-Policy allows it in frame-src and that its server allows ' +
          'this page in frame-ancestors'));
      }
    }, HANDSHAKE_MS);
  };

  /**
   * The frame's first message, on the window: only from the frame's origin and its window, naming this
   * channel. Everything else on the window is not ours and is ignored. The answer carries a MessageChannel port,
   * posted to the frame's origin only; from then on both sides talk on that private port.
   */
  FrameWidget.prototype._handshake = function (event) {
    if (!this._iframe || event.source !== this._iframe.contentWindow || event.origin !== this._frameOrigin) { return; }
    var data = event.data;
    if (this._port || !isObject(data) || data.oc !== 'hello' || data.id !== this._id) {
      this.dropped += 1;
      return;
    }
    var self = this;
    var channel = new global.MessageChannel();
    this._port = channel.port1;
    this._port.onmessage = function (message) { self._receive(message.data); };
    global.clearTimeout(this._timer);
    event.source.postMessage({ oc: 'init', id: this._id, config: this._sent.config, fns: this._sent.fns,
      theme: this._theme() }, this._frameOrigin, [channel.port2]);
    var outbox = this._outbox;
    this._outbox = [];
    outbox.forEach(function (message) { self._port.postMessage(message); });
  };

  FrameWidget.prototype._send = function (message) {
    if (this._port) { this._port.postMessage(message); } else { this._outbox.push(message); }
  };

  /** The host element's theme: each --oc-* variable and color-scheme as computed on it. */
  FrameWidget.prototype._theme = function () {
    var theme = {};
    if (!this._host) { return theme; }
    var style = global.getComputedStyle(this._host);
    THEME.forEach(function (name) { theme[name] = style.getPropertyValue(name).trim(); });
    return theme;
  };

  /** A message from the frame on the private port: checked, then handled; anything else is dropped and counted. */
  FrameWidget.prototype._receive = function (message) {
    if (this._destroyed) { return; }
    if (!isObject(message) || typeof message.t !== 'string') { this.dropped += 1; return; }
    if (isObject(message.mirror)) { this._mirror = message.mirror; }
    var pending;
    switch (message.t) {
      case 'ready':
        this._resolve(this);
        return;
      case 'failed':
        if (isObject(message.error)) { this._failed(this._error(message.error)); return; }
        break;
      case 'event':
        if (isObject(message.event) && EVENTS.indexOf(message.event.type) >= 0) { this._emit(message.event); return; }
        break;
      case 'result':
        pending = this._pending[message.id];
        if (pending) {
          delete this._pending[message.id];
          if (message.ok) { pending.resolve(message.value); } else { pending.reject(this._error(message.error)); }
          return;
        }
        break;
      case 'size':
        if (typeof message.height === 'number' && message.height >= 0 && message.height < 1e6) {
          // CSSOM, not a style attribute: allowed by a style-src without 'unsafe-inline'.
          this._iframe.style.height = Math.ceil(message.height) + 'px';
          // In the same task as the height, so no frame is painted with both screens or neither.
          if (message.height > 0) { this._dropEarly(); }
          return;
        }
        break;
      case 'ask':
        if (typeof message.id === 'number' && (message.what === 'token' || message.what === 'autoSync')) {
          this._answer(message);
          return;
        }
        break;
    }
    this.dropped += 1;
  };

  /** Runs a host callback the frame asked for and sends its outcome back (the token goes only to the frame). */
  FrameWidget.prototype._answer = function (message) {
    var self = this;
    var fn = this._fns[message.what === 'token' ? 'tokenFetcher' : 'autoSync.onChange'];
    // The loader's early answer is taken once; if it failed, the host is asked now, as for any token.
    var early = message.what === 'token' && this._earlyToken;
    if (early) { this._earlyToken = null; }
    new Promise(function (resolve) {
      if (typeof fn !== 'function') { throw new Error('no function was given'); }
      resolve(early ? early.then(null, function () { return fn(); })
        : message.what === 'token' ? fn() : fn(message.value === true));
    }).then(function (value) {
      if (message.what === 'token') {
        // Only what the widget reads of the answer crosses; a non-object answer goes as it is (the widget names it).
        value = isObject(value) ? { access_token: value.access_token, refresh_token: value.refresh_token } : value;
      } else {
        value = null;
      }
      self._send({ t: 'answer', id: message.id, ok: true, value: value });
    }, function (error) {
      self._send({ t: 'answer', id: message.id, ok: false,
        error: { message: String((error && error.message) || error) } });
    }).catch(function (unsendable) {
      self._send({ t: 'answer', id: message.id, ok: false, error: { message: String(unsendable) } });
    });
  };

  /** An error from the frame as the inline widget throws it: an OutlookConnectError with its fields. */
  FrameWidget.prototype._error = function (plain) {
    return ocError(typeof plain.code === 'string' ? plain.code : 'error', String(plain.message || ''), plain);
  };

  /** Removes the loader's first screen (once the frame shows, or will not). */
  FrameWidget.prototype._dropEarly = function () {
    if (this._early && this._early.parentNode) { this._early.parentNode.removeChild(this._early); }
    this._early = null;
  };

  /** Loading or creating failed in the frame (or it never answered): `ready` rejects, `onEvent` hears it. */
  FrameWidget.prototype._failed = function (error) {
    this._dropEarly();
    this._reject(error);
    // Calls sent meanwhile will not be answered: they fail with the same error.
    var pending = this._pending;
    this._pending = {};
    Object.keys(pending).forEach(function (id) { pending[id].reject(error); });
    var onEvent = this._fns.onEvent;
    if (typeof onEvent === 'function') {
      try {
        onEvent({ type: 'error', ts: Date.now(), data: { code: error.code || 'error', message: error.message } });
      } catch (ignored) { /* a throwing host callback must not stop the widget */ }
    }
    console_('error', 'outlook-connect:', error);
  };

  /** One event, three ways, as inline: onEvent, `on` listeners, then a DOM CustomEvent on the host element. */
  FrameWidget.prototype._emit = function (event) {
    var payload = { type: event.type, ts: typeof event.ts === 'number' ? event.ts : Date.now(),
      data: isObject(event.data) ? event.data : {} };
    var callbacks = [];
    if (typeof this._fns.onEvent === 'function') { callbacks.push(this._fns.onEvent); }
    this._listeners.forEach(function (listener) {
      if (listener.type === '*' || listener.type === payload.type) { callbacks.push(listener.callback); }
    });
    callbacks.forEach(function (callback) {
      try { callback(payload); } catch (thrown) { console_('error', 'outlook-connect: an event listener threw', thrown); }
    });
    if (this._host && !this._destroyed) {
      this._host.dispatchEvent(new global.CustomEvent('outlook-connect:' + payload.type,
        { bubbles: true, composed: true, detail: payload }));
    }
  };

  /** A method the frame runs: a Promise of its answer (an OutlookConnectError as the inline method throws). */
  FrameWidget.prototype._request = function (method, args, fns) {
    var self = this;
    var id = this._next;
    this._next += 1;
    return new Promise(function (resolve, reject) {
      self._pending[id] = { resolve: resolve, reject: reject };
      self._send({ t: 'call', id: id, method: method, args: args, fns: fns || [] });
    });
  };

  FrameWidget.prototype.update = function (partial) {
    this._live('update');
    var sent = portable(partial, 'update');
    var self = this;
    this._send({ t: 'theme', theme: this._theme() });
    return this._request('update', [sent.config], sent.fns).then(function () {
      // Only a change the widget accepted replaces the host's functions ("nothing changes on error").
      if (isObject(partial)) { self._keepFns(partial, sent.fns); }
    });
  };

  ['setFilters', 'setFolders', 'setFolderTree', 'setCategories', 'sync'].forEach(function (method) {
    FrameWidget.prototype[method] = function (value) {
      this._live(method);
      var args = Array.prototype.slice.call(arguments);
      try {
        if (typeof global.structuredClone === 'function') { global.structuredClone(args); }
      } catch (error) {
        throw ocError(method === 'setFilters' ? 'filters_invalid' : 'bad_argument',
          method + ': the value cannot be sent to the widget\'s frame (' + error.message + ')', method === 'setFilters'
            ? { errors: [{ path: 'filters', code: 'bad_value', message: 'filters: cannot be sent (' + error.message + ')' }] } : null);
      }
      return this._request(method, args);
    };
  });

  /** The last filter tree (or folder list) the frame reported: answered at once, as inline. */
  ['getFilters', 'getFolders'].forEach(function (method) {
    FrameWidget.prototype[method] = function () {
      this._live(method);
      if (!this._mirror) {
        throw ocError('not_ready', method + ': outlook-connect is still loading in its frame; wait for ' +
          '`await handle.ready` before calling it');
      }
      return method === 'getFilters' ? this._mirror.filters : this._mirror.folders;
    };
  });

  function listenerArgs(method, type, callback) {
    if (type !== '*' && EVENTS.indexOf(type) < 0) {
      throw ocError('bad_argument', method + ': unknown event type ' + JSON.stringify(String(type)) +
        '; expected "*" or one of ' + EVENTS.map(function (name) { return '"' + name + '"'; }).join(', '));
    }
    if (typeof callback !== 'function') {
      throw ocError('bad_argument', method + ': expected a function as the second argument');
    }
  }

  FrameWidget.prototype.on = function (type, callback) {
    this._live('on');
    listenerArgs('on', type, callback);
    var listener = { type: type, callback: callback };
    this._listeners.push(listener);
    var listeners = this._listeners;
    return function () {
      var index = listeners.indexOf(listener);
      if (index >= 0) { listeners.splice(index, 1); }
    };
  };

  FrameWidget.prototype.off = function (type, callback) {
    this._live('off');
    listenerArgs('off', type, callback);
    for (var i = 0; i < this._listeners.length; i++) {
      if (this._listeners[i].type === type && this._listeners[i].callback === callback) {
        this._listeners.splice(i, 1);
        return;
      }
    }
  };

  /** Removes the frame (its widget stops with its document), the listeners and the channel. Idempotent. */
  FrameWidget.prototype.destroy = function () {
    if (this._destroyed) { return; }
    this._destroyed = true;
    global.clearTimeout(this._timer);
    global.removeEventListener('message', this._onWindowMessage);
    if (this._port) { this._port.close(); }
    if (this._iframe && this._iframe.parentNode) { this._iframe.parentNode.removeChild(this._iframe); }
    this._dropEarly();
    this._listeners = [];
    var pending = this._pending;
    this._pending = {};
    Object.keys(pending).forEach(function (id) {
      pending[id].reject(ocError('destroyed', 'the widget was destroyed before its frame answered'));
    });
    this._reject(ocError('destroyed', 'the widget was destroyed'));
  };

  OutlookConnect.__frame(function (config, frameUrl, earlyToken) { return new FrameWidget(config, frameUrl, earlyToken); });
})(window);
