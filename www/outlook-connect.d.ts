// Type definitions for outlook-connect: the global `OutlookConnect`, its handles, events, errors and the
// `<outlook-connect>` element. Ship beside outlook-connect.js.

/** A leaf of Carbon's filter tree. */
export interface FilterCondition {
  key: 'category' | 'after' | 'before' | 'from' | 'is' | 'has';
  /** category: an Outlook category; after/before: `YYYY/mm/dd`; from: an e-mail address; is: `flagged`; has: `attachment`. */
  value: string;
}
/** Carbon's filter tree: a leaf, `{AND: [...]}`, `{OR: [...]}`, or `{}` for "no filter". A root group may hold
 *  groups; those may hold only leaves. */
export type FilterTree = FilterCondition | { AND: FilterTree[] } | { OR: FilterTree[] } | Record<string, never>;

/** Codes of problems found in a filter tree (`parseFilters`, `setFilters`). */
export type FilterErrorCode =
  | 'bad_json' | 'not_an_object' | 'unknown_key' | 'unknown_field' | 'missing_field' | 'bad_value' | 'bad_date'
  | 'bad_email' | 'empty_group' | 'too_deep' | 'mixed_node' | 'empty_range' | 'too_long' | 'duplicate_condition'
  | 'not_an_array' | 'too_many_conditions'
  | (string & {});

export interface FilterProblem {
  /** Where, starting at `filters`: e.g. `filters.AND[1].OR[0].value`. */
  path: string;
  code: FilterErrorCode;
  message: string;
  /** For `bad_json`: 1-based line and column of the syntax error. */
  line?: number;
  column?: number;
}

export interface ParseFiltersResult {
  ok: boolean;
  /** The normalized tree (values trimmed) when `ok`, else null. */
  filters: FilterTree | null;
  errors: FilterProblem[];
  /** Not errors: e.g. `duplicate_condition`. */
  warnings: FilterProblem[];
}

/** What the host's backend returns after minting a customer token with its API key. */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string | null;
}

/** Passed through to `POST /integrations/outlook/sync` (as snake_case). */
export interface SyncOptions {
  syncAttachments?: boolean;
  incrementalSync?: boolean;
  chunkSize?: number;
  chunkOverlap?: number;
  skipEmbeddingGeneration?: boolean;
  embeddingModel?:
    | 'OPENAI' | 'AZURE_OPENAI' | 'AZURE_ADA_LARGE_256' | 'AZURE_ADA_LARGE_1024' | 'AZURE_ADA_LARGE_3072'
    | 'AZURE_ADA_SMALL_512' | 'AZURE_ADA_SMALL_1536' | 'COHERE_MULTILINGUAL_V3' | 'VERTEX_MULTIMODAL'
    | 'OPENAI_ADA_LARGE_256' | 'OPENAI_ADA_LARGE_1024' | 'OPENAI_ADA_LARGE_3072' | 'OPENAI_ADA_SMALL_512'
    | 'OPENAI_ADA_SMALL_1536' | 'SOLAR_1_MINI';
  generateSparseVectors?: boolean;
  prependFilenameToChunks?: boolean;
  tags?: Record<string, unknown>;
}

export interface AutoSyncConfig {
  enabled?: boolean;
  /** Your backend turns auto-sync on or off (it needs the API key, so the widget cannot). */
  onChange: (enabled: boolean) => Promise<unknown> | unknown;
}

export interface OutlookConnectConfig {
  /** Asks your backend for a Carbon customer access token. Required. */
  tokenFetcher: () => Promise<TokenResponse>;
  /** Default `https://api.carbon.ai`. https only (http for localhost). */
  apiUrl?: string;
  orgName?: string | null;
  /** https URL, a path such as `/logo.svg`, or a `data:image/…` URL. */
  brandIcon?: string | null;
  /** Folder display names to sync, one request each. Default `['Inbox']`. */
  folders?: string[];
  /** The initial filter tree (object or JSON text). Default `{}`. */
  filters?: FilterTree | string;
  syncOptions?: SyncOptions;
  /** Default `system`. */
  theme?: 'light' | 'dark' | 'system';
  /**
   * `auto` (the first of `navigator.languages` the widget speaks, the default) or a BCP 47 tag such as `en-GB`.
   * The widget speaks English, German, French, Spanish, Japanese and Arabic (right to left); others are English.
   */
  locale?: 'auto' | 'en' | 'de' | 'fr' | 'es' | 'ja' | 'ar' | (string & {});
  /**
   * Replaces any of the widget's strings by its name (`{ connect_button: 'Link Outlook' }`), keeping exactly the
   * original's `{placeholders}`; a counted string may give `one:…|other:…` variants. Bad names or placeholders
   * are a `config_invalid` error naming `messages.<name>`; `null` removes every override.
   */
  messages?: OutlookConnectMessages | null;
  autoSync?: AutoSyncConfig | null;
  onEvent?: ((event: OutlookConnectEvent) => void) | null;
  /** How long to wait for sign-in to finish, 1000–3600000 ms. Default 600000 (10 minutes). */
  authTimeoutMs?: number;
  /** How long one call of `tokenFetcher` may take, 1000–300000 ms, before the call fails with `token_fetcher`. Default 30000. */
  tokenFetcherTimeoutMs?: number;
  /**
   * Where the widget runs. `inline`: in the page (its policy must allow `'wasm-unsafe-eval'`, else `wasm_blocked`);
   * `frame`: in `frame.html`, an iframe from the widget's origin with its own policy (the host page then needs only
   * that origin in `script-src` and `frame-src`; the wasm and every API call are fetched inside the frame);
   * `auto` (the default): inline where the page lets WebAssembly compile, the frame otherwise. In the frame, the
   * methods that change something (`update`, `setFilters`, `setFolders`, `setFolderTree`, `setCategories`) return a
   * Promise of the frame's answer (rejecting with the error the inline call throws); `getFilters`/`getFolders` answer
   * at once from the last value the frame reported; `::part()` does not cross the frame (the `--oc-*` variables
   * do, read from the host element at mount and at each `update`). Not in the npm module (script tag only).
   */
  mode?: 'inline' | 'frame' | 'auto';
}

/** Data carried by each event type. */
export interface OutlookConnectEventMap {
  ready: Record<string, never>;
  popup_opened: Record<string, never>;
  popup_blocked: Record<string, never>;
  /** The mailbox just connected (`null` if the API's answer did not say which). */
  connected: { data_source_id: number | null };
  /** `cancelled`: the person pressed Cancel (or `update` replaced the client); `popup_closed`: closed before signing in. */
  auth_cancelled: { reason: 'cancelled' | 'popup_closed' };
  auth_timeout: { timeout_ms: number };
  /** `sign_in_failed` when the sign-in page reported the error, else the API's code from `oauth_url`. */
  auth_error: { code: 'sign_in_failed' | ApiErrorCode; message: string };
  disconnected: { data_source_id: number };
  folders_loaded: { data_source_id: number; count: number };
  filters_changed: { filters: FilterTree };
  sync_requested: { data_source_id: number; folder: string; request_id: string };
  sync_progress: { request_ids: string[]; counts: SyncCounts };
  sync_completed: { request_ids: string[]; counts: SyncCounts };
  sync_error: SyncFailure;
  file_resynced: { file_id: number };
  file_deleted: { file_ids: number[] };
  /**
   * `fields`: with `validation` (a 422), each field the API refused and why; `retry_after`: with `rate_limited`, the
   * seconds the API asked to wait.
   */
  error: {
    code: OutlookConnectErrorCode;
    message: string;
    fields?: { field: string; message: string }[];
    retry_after?: number;
  };
}
export type OutlookConnectEventType = keyof OutlookConnectEventMap;
export type OutlookConnectEvent = {
  [K in OutlookConnectEventType]: { type: K; ts: number; data: OutlookConnectEventMap[K] }
}[OutlookConnectEventType];

export type OutlookConnectErrorCode =
  | 'config_invalid' | 'destroyed' | 'mount_target' | 'already_mounted' | 'bad_argument' | 'filters_invalid'
  | 'wasm_blocked' | 'load_failed' | 'not_ready'
  | 'no_account' | 'no_folder' | 'sync_busy' | 'auto_sync_failed' | 'chunk_load_failed' | ApiErrorCode;

/** What went wrong talking to the API (in `sync_error`, and when `sync()` rejects). */
export type ApiErrorCode =
  | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'validation' | 'rate_limited' | 'server_error'
  | 'network' | 'timeout' | 'offline' | 'malformed_response' | 'token_fetcher' | 'cancelled' | 'sync_rejected';

/** Files of a sync per stage (for `sync_progress` and `sync_completed`: the total over its folders). */
export interface SyncCounts {
  queued: number;
  syncing: number;
  ready: number;
  failed: number;
}

/** A sync (or a folder's sync) that did not start, or a count that failed. */
export interface SyncFailure {
  code: ApiErrorCode;
  message: string;
  /** The folder whose sync failed, when it is about one. */
  folder?: string;
}

/** What `sync()` resolves with: the ids of the accepted syncs (one per folder) and the folders refused. */
export interface SyncResult {
  requestIds: string[];
  failed: SyncFailure[];
}

export interface ConfigIssue {
  /** The bad field, e.g. `syncOptions.chunkSize` or `filters.AND[0].value`. */
  path: string;
  expected: string;
  message: string;
}

/** Every error outlook-connect throws or rejects with. */
export interface OutlookConnectError extends Error {
  name: 'OutlookConnectError';
  code: OutlookConnectErrorCode;
  /** For `config_invalid`: every bad field. */
  issues?: ConfigIssue[];
  /** For `filters_invalid`: every problem in the tree. */
  errors?: FilterProblem[];
}

export interface OutlookConnectHandle {
  /** Resolves once the widget runs (config validated); rejects with the load or config error. */
  readonly ready: Promise<OutlookConnectHandle>;
  /** Renders inside an open shadow root of the element (or the first match of a CSS selector). */
  mount(target: Element | string): void;
  /**
   * Changes config keys; throws `config_invalid` (and changes nothing) if any is wrong. In frame mode it returns a
   * Promise that rejects with that error instead (`await` it to handle both modes alike).
   */
  update(partial: Partial<OutlookConnectConfig>): void | Promise<void>;
  /** Removes DOM, listeners and timers. Idempotent; other methods then throw `destroyed`. */
  destroy(): void;
  /** Listens to one event type, or all with `'*'`. Returns a function that removes the listener. */
  on<K extends OutlookConnectEventType>(
    type: K,
    callback: (event: Extract<OutlookConnectEvent, { type: K }>) => void,
  ): () => void;
  on(type: '*', callback: (event: OutlookConnectEvent) => void): () => void;
  off(type: OutlookConnectEventType | '*', callback: (event: never) => void): void;
  /**
   * The current valid filter tree. Throws `not_ready` before the wasm has loaded. In frame mode: the last tree the
   * frame reported (with every event and answer), so a change made in the frame shows here once its
   * `filters_changed` event has arrived.
   */
  getFilters(): FilterTree;
  /**
   * Replaces the filter tree; throws `filters_invalid` with every problem and changes nothing if invalid (in frame
   * mode: returns a Promise that rejects with it).
   */
  setFilters(tree: FilterTree | string): void | Promise<void>;
  /** The folder display names the next sync covers. Throws `not_ready` before the wasm has loaded (frame mode: as getFilters). */
  getFolders(): string[];
  setFolders(names: string[]): void | Promise<void>;
  /**
   * Does what the Sync button does: one sync per selected folder of the open mailbox, then the Progress screen.
   * Rejects with `no_account`, `filters_invalid`, `no_folder`, `sync_busy`, or the API's code when no folder's
   * sync started.
   */
  sync(): Promise<SyncResult>;
  /**
   * Gives the folder picker a mailbox's folders you already have, in the shape `user_folders` answers (parents
   * before children). Throws `bad_argument` naming the index and field, and changes nothing, if one is malformed.
   */
  setFolderTree(folders: MailFolder[]): void | Promise<void>;
  /** Gives the category picker a category list, in the shape `user_categories` answers. Throws `bad_argument`. */
  setCategories(categories: MailCategory[]): void | Promise<void>;
}

/** One folder as `GET /integrations/outlook/user_folders` lists it. */
export interface MailFolder {
  id: string;
  displayName: string;
  parentFolderId: string | null;
  childFolderCount: number;
  totalItemCount: number;
  unreadItemCount: number;
}

/** One Outlook category as `GET /integrations/outlook/user_categories` lists it. */
export interface MailCategory {
  id: string;
  displayName: string;
  color?: string | null;
}

export interface OutlookConnectStatic {
  readonly version: string;
  /**
   * Resolves when widgets can run: the wasm is ready, or (on a page whose policy blocks WebAssembly) the frame
   * client is — then `parseFilters`, which runs in the page, throws `wasm_blocked`. Rejects with `load_failed`.
   */
  readonly ready: Promise<OutlookConnectStatic>;
  /** Validates the config (once loaded, throws `config_invalid` naming every bad field) and returns a handle. */
  create(config: OutlookConnectConfig): OutlookConnectHandle;
  /** Checks a filter tree given as an object or JSON text. Throws `not_ready` before the wasm has loaded. */
  parseFilters(input: unknown): ParseFiltersResult;
}

/** The names `messages` accepts: every string of the widget (see `src/i18n.rs`), e.g. `connect_button`. */
export type OutlookConnectMessages = Partial<Record<string, string>>;

/** `<outlook-connect api-url=… org-name=… brand-icon=… locale=… theme=… mode=…>`; objects and functions as properties. */
export interface OutlookConnectElement extends HTMLElement {
  tokenFetcher?: OutlookConnectConfig['tokenFetcher'];
  onEvent?: OutlookConnectConfig['onEvent'];
  filters?: OutlookConnectConfig['filters'];
  folders?: OutlookConnectConfig['folders'];
  syncOptions?: OutlookConnectConfig['syncOptions'];
  autoSync?: OutlookConnectConfig['autoSync'];
  authTimeoutMs?: OutlookConnectConfig['authTimeoutMs'];
  tokenFetcherTimeoutMs?: OutlookConnectConfig['tokenFetcherTimeoutMs'];
  /** The handle behind the element, once mounted. */
  readonly handle: OutlookConnectHandle | null;
  getFilters(): FilterTree;
  setFilters(tree: FilterTree | string): void | Promise<void>;
  getFolders(): string[];
  setFolders(names: string[]): void | Promise<void>;
  sync(): Promise<SyncResult>;
  setFolderTree(folders: MailFolder[]): void | Promise<void>;
  setCategories(categories: MailCategory[]): void | Promise<void>;
}

declare global {
  interface Window {
    OutlookConnect: OutlookConnectStatic;
  }
  const OutlookConnect: OutlookConnectStatic;
  interface HTMLElementTagNameMap {
    'outlook-connect': OutlookConnectElement;
  }
  interface HTMLElementEventMap {
    'outlook-connect:ready': CustomEvent<OutlookConnectEvent>;
    'outlook-connect:error': CustomEvent<OutlookConnectEvent>;
    'outlook-connect:filters_changed': CustomEvent<OutlookConnectEvent>;
  }
}
