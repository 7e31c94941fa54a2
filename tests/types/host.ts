// A host script written against outlook-connect.d.ts. `tsc --noEmit` must accept it; every `@ts-expect-error`
// line is a misuse the types must reject (tsc fails if one of them type-checks).
import type { FilterTree, OutlookConnectError, OutlookConnectEvent, OutlookConnectHandle } from '../../www/outlook-connect';

const filters: FilterTree = {
  AND: [{ key: 'after', value: '2024/01/07' }, { OR: [{ key: 'category', value: 'Personal' }, { key: 'category', value: 'Test' }] }],
};

const handle: OutlookConnectHandle = OutlookConnect.create({
  tokenFetcher: async () => (await fetch('/carbon-token', { method: 'POST' })).json(),
  apiUrl: 'https://api.carbon.ai',
  orgName: 'Acme',
  brandIcon: '/logo.svg',
  folders: ['Inbox'],
  filters,
  syncOptions: { syncAttachments: false, incrementalSync: true, embeddingModel: 'OPENAI' },
  theme: 'system',
  locale: 'auto',
  autoSync: { enabled: false, onChange: async (on: boolean) => fetch('/auto-sync', { method: 'POST', body: String(on) }) },
  onEvent: (event: OutlookConnectEvent) => {
    if (event.type === 'filters_changed') {
      const tree: FilterTree = event.data.filters;
      console.log(tree);
    }
  },
  authTimeoutMs: 120_000,
  tokenFetcherTimeoutMs: 15_000,
});
handle.mount('#mail-sync');
const stop: () => void = handle.on('filters_changed', (event) => console.log(event.data.filters));
stop();
handle.on('*', (event) => console.log(event.type, event.ts));
handle.update({ theme: 'dark' });
handle.setFilters('{"key":"has","value":"attachment"}');
const folders: string[] = handle.getFolders();
handle.setFolders([...folders, 'Archive']);
handle.sync().then((started) => {
  const ids: string[] = started.requestIds;
  started.failed.forEach((failure) => console.log(failure.folder, failure.code, failure.message));
  console.log(ids);
}, (caught: OutlookConnectError) => {
  if (caught.code === 'no_folder' || caught.code === 'server_error') console.log(caught.message);
});
handle.on('sync_progress', (event) => console.log(event.data.request_ids, event.data.counts.ready));
handle.on('sync_error', (event) => console.log(event.data.code, event.data.folder));
handle.on('error', (event) => {
  event.data.fields?.forEach((problem) => console.log(problem.field, problem.message));
  if (event.data.retry_after !== undefined) console.log(event.data.retry_after * 1000);
});

try {
  OutlookConnect.create({} as never);
} catch (caught) {
  const error = caught as OutlookConnectError;
  if (error.code === 'config_invalid') {
    error.issues?.forEach((issue) => console.log(issue.path, issue.expected));
  }
}
const result = OutlookConnect.parseFilters('{"key":"is","value":"flagged"}');
if (!result.ok) {
  result.errors.forEach((problem) => console.log(problem.path, problem.code, problem.line));
}
OutlookConnect.ready.then((api) => console.log(api.version));

const element = document.createElement('outlook-connect');
element.tokenFetcher = async () => ({ access_token: 't' });
element.setAttribute('api-url', 'http://127.0.0.1:8788');
element.addEventListener('outlook-connect:ready', (event) => console.log(event.detail.type));
document.body.append(element);

// @ts-expect-error tokenFetcher is required
OutlookConnect.create({ apiUrl: 'https://api.carbon.ai' });
// @ts-expect-error theme is one of light, dark, system
handle.update({ theme: 'blue' });
// @ts-expect-error filter keys are a closed set
const wrongKey: FilterTree = { key: 'subject', value: 'x' };
// @ts-expect-error unknown event types are rejected
handle.on('redy', () => undefined);
// @ts-expect-error embeddingModel is Carbon's enum
handle.update({ syncOptions: { embeddingModel: 'GPT' } });
// @ts-expect-error sync counts are numbers
const wrongCounts: import('../../www/outlook-connect').SyncCounts = { queued: '1', syncing: 0, ready: 0, failed: 0 };
console.log(wrongKey, wrongCounts);

// Frame mode (issue #13): chosen by `mode`; the changing methods may return a Promise, so await works in both modes.
const framed = OutlookConnect.create({ tokenFetcher: async () => ({ access_token: 't' }), mode: 'frame' });
OutlookConnect.create({ tokenFetcher: async () => ({ access_token: 't' }), mode: 'auto' });
(async () => {
  await framed.update({ orgName: 'Acme' });
  await framed.setFilters({ key: 'is', value: 'flagged' });
  const mirrored: FilterTree = framed.getFilters();
  console.log(mirrored);
})();
element.setAttribute('mode', 'inline');
// @ts-expect-error mode is inline, frame or auto
OutlookConnect.create({ tokenFetcher: async () => ({ access_token: 't' }), mode: 'iframe' });

handle.setFolderTree([
  { id: 'f1', displayName: 'Inbox', parentFolderId: null, childFolderCount: 0, totalItemCount: 3, unreadItemCount: 1 },
]);
handle.setCategories([{ id: 'c1', displayName: 'Personal', color: 'preset0' }]);
handle.on('auth_cancelled', (event) => console.log(event.data.reason === 'popup_closed'));
// @ts-expect-error a folder's parent is a string id or null
handle.setFolderTree([{ id: 'f2', displayName: 'X', parentFolderId: 3, childFolderCount: 0, totalItemCount: 0, unreadItemCount: 0 }]);
// @ts-expect-error file_deleted carries the ids
handle.on('file_deleted', (event) => console.log(event.data.file_id));
