// outlook-connect as an ES module: `import { create, parseFilters, ready } from 'outlook-connect'`.
import type { OutlookConnectStatic } from './outlook-connect';
export * from './outlook-connect';
/** Validates the config (once the wasm is loaded, throws `config_invalid` naming every bad field); returns a handle. */
export declare const create: OutlookConnectStatic['create'];
/** Checks a filter tree given as an object or JSON text. Throws `not_ready` before the wasm has loaded. */
export declare const parseFilters: OutlookConnectStatic['parseFilters'];
/** Resolves when the wasm is ready; rejects with `wasm_blocked` or `load_failed`. */
export declare const ready: OutlookConnectStatic['ready'];
export declare const version: string;
declare const OutlookConnect: OutlookConnectStatic;
export default OutlookConnect;
