/*! outlook-connect loader: defines window.OutlookConnect and <outlook-connect>, then loads the widget's
 *  WebAssembly from beside this file. Calls made before the wasm is ready are queued and replayed. */
(function (global) {
  'use strict';
  // Loaded twice (two script tags, a bundler and a tag…): the first copy stays in charge, nothing is redefined.
  if (global.OutlookConnect && global.OutlookConnect.__loader === 1) {
    return;
  }

  var VERSION = '@@VERSION@@';
  var script = document.currentScript;
  var baseUrl = new URL('.', (script && script.src) || global.location.href).href;
  var wasmUrl = new URL('outlook-connect.wasm', baseUrl).href;
  var CSP_HINT = "add 'wasm-unsafe-eval' to the script-src directive of your Content-Security-Policy " +
    "(for example: script-src 'self' 'wasm-unsafe-eval')";

  // The wasm-bindgen glue (target no-modules) is inserted here by `cargo xtask dist`. Its `wasm_bindgen`
  // binding stays private to this function: the only global we define is OutlookConnect.
  /*@@WASM_BINDGEN_GLUE@@*/

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

  function load() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      return Promise.reject(ocError('wasm_blocked', 'outlook-connect cannot start: this browser does not run ' +
        'WebAssembly (or it is switched off). Use a current Chrome, Edge, Firefox or Safari; if a policy blocks it, ' +
        CSP_HINT + '.'));
    }
    return fetch(wasmUrl, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) {
        throw ocError('load_failed', 'outlook-connect could not load ' + wasmUrl + ': HTTP ' + response.status);
      }
      return wasm_bindgen({ module_or_path: response });
    }).then(function () {
      return wasm_bindgen;
    }, function (error) {
      throw classify(error);
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

  Handle.prototype._attach = function () {
    if (failure) { return this._fail(failure); }
    try {
      this._inner = exports.create(this._config, this._earlyToken);
    } catch (error) {
      return this._fail(error);
    }
    var queue = this._queue;
    this._queue = null;
    for (var i = 0; i < queue.length; i++) {
      try {
        this._inner[queue[i].method].apply(this._inner, queue[i].args);
      } catch (error) {
        report(this._config, error);
      }
    }
    this._resolve(this);
  };

  Handle.prototype._fail = function (error) {
    this._error = error;
    this._queue = null;
    report(this._config, error);
    this._reject(error);
  };

  Handle.prototype._call = function (method, args) {
    if (this._inner) { return this._inner[method].apply(this._inner, args); }
    if (this._error) { throw this._error; }
    this._queue.push({ method: method, args: args });
    return undefined;
  };

  ['mount', 'update', 'destroy', 'off', 'setFilters', 'setFolders', 'setFolderTree', 'setCategories'].forEach(function (method) {
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
      if (exports) {
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

  Object.defineProperty(global, 'OutlookConnect', { value: Object.freeze(OutlookConnect), configurable: false });

  defineElement();

  load().then(function (loaded) {
    exports = loaded;
    finish();
    resolveReady(OutlookConnect);
  }, function (error) {
    failure = error;
    finish();
    rejectReady(error);
    if (global.console) { global.console.error('outlook-connect:', error); }
  });

  /** <outlook-connect>: attributes for strings, properties for objects and functions; mounts when connected. */
  function defineElement() {
    if (!global.customElements || !global.HTMLElement || global.customElements.get('outlook-connect')) { return; }
    var ATTRIBUTES = {
      'api-url': 'apiUrl', 'org-name': 'orgName', 'brand-icon': 'brandIcon', 'locale': 'locale', 'theme': 'theme'
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
        this._schedule();
      }

      disconnectedCallback() {
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
})(window);
