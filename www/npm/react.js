// `outlook-connect/react`: <OutlookConnect …config />, the widget as a React component. It creates the widget when
// it mounts and destroys it when it unmounts (Strict Mode's mount → unmount → mount included), passes changed config
// props to `handle.update` (compared by value: a new object literal with the same content changes nothing), reads
// its function props when they are called (so a new `tokenFetcher` or `onConnected` on every render never re-creates
// anything), calls `on<Event>` props (`onConnected`, `onSyncCompleted`, …) with each event's data, and gives its
// `ref` the widget's handle. React is a peer dependency: nothing of it is bundled here.
import { createElement, forwardRef, useEffect, useRef } from 'react';
import { create } from './index.js';

/** Config props that `handle.update` takes after mount. */
const DATA_KEYS = ['apiUrl', 'orgName', 'brandIcon', 'locale', 'theme', 'filters', 'folders', 'syncOptions',
  'authTimeoutMs', 'tokenFetcherTimeoutMs'];

/** `sync_completed` → `onSyncCompleted`. */
export function eventPropName(type) {
  return 'on' + String(type).split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

function dataOf(props) {
  const data = {};
  for (const key of DATA_KEYS) {
    if (props[key] !== undefined) { data[key] = props[key]; }
  }
  return data;
}

function same(a, b) {
  if (a === b) { return true; }
  try { return JSON.stringify(a) === JSON.stringify(b); } catch (cyclic) { return false; }
}

/** The widget's config: the data props as they are, the functions as calls to whatever the latest props hold. */
function configOf(props, latest) {
  const config = dataOf(props);
  // Only wrapped when given: a missing tokenFetcher must reach the widget's validation, which names it.
  if (typeof props.tokenFetcher === 'function') {
    config.tokenFetcher = () => latest.current.tokenFetcher();
  } else if (props.tokenFetcher !== undefined) {
    config.tokenFetcher = props.tokenFetcher;
  }
  if (props.autoSync) {
    config.autoSync = Object.assign({}, props.autoSync, {
      onChange: (enabled) => latest.current.autoSync.onChange(enabled),
    });
  }
  config.onEvent = (event) => {
    const current = latest.current;
    if (typeof current.onEvent === 'function') { current.onEvent(event); }
    const named = current[eventPropName(event.type)];
    if (typeof named === 'function') { named(event.data, event); }
  };
  return config;
}

function setRef(ref, value) {
  if (typeof ref === 'function') { ref(value); } else if (ref) { ref.current = value; }
}

/** A bad config prop (`create`, `mount` or `update` threw): `onError(data, event)`, shaped like the widget's own
 *  error events, and the console. */
function report(latest, error) {
  const onError = latest.current.onError;
  if (typeof onError === 'function') {
    const data = { code: error.code || 'error', message: error.message };
    onError(data, { type: 'error', ts: Date.now(), data });
  }
  if (typeof console !== 'undefined') { console.error('outlook-connect:', error); }
}

export const OutlookConnect = forwardRef(function OutlookConnect(props, ref) {
  const host = useRef(null);
  const handle = useRef(null);
  const applied = useRef(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    let created = null;
    try {
      created = create(configOf(latest.current, latest));
      created.mount(host.current);
    } catch (error) {
      report(latest, error);
      return undefined;
    }
    handle.current = created;
    applied.current = dataOf(latest.current);
    setRef(ref, created);
    return () => {
      setRef(ref, null);
      handle.current = null;
      created.destroy();
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- one widget per mounted component

  // After every render: the config props that changed since the widget last saw them go to `update`.
  useEffect(() => {
    if (!handle.current || !applied.current) { return; }
    const next = dataOf(props);
    const changed = {};
    let any = false;
    for (const key of DATA_KEYS) {
      if (!same(next[key], applied.current[key])) { changed[key] = next[key]; any = true; }
    }
    if (!any) { return; }
    applied.current = next;
    try {
      handle.current.update(changed);
    } catch (error) {
      report(latest, error);
    }
  });

  return createElement('div', { ref: host, id: props.id, className: props.className, style: props.style });
});

export default OutlookConnect;
