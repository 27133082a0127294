/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline support. On install, the whole built site goes into one cache: every JavaScript and
 * CSS chunk (`build`), the static files (`files`) and every prerendered page with its data
 * (`prerendered`: both homes, every lesson in both languages, the playgrounds, the embeds). On
 * activate, the caches of older versions are deleted.
 *
 * Fetches: same-origin GETs only (nothing else is touched). Pages (navigations, and the
 * prerendered pages' `__data.json` that client-side navigation loads) go to the network first,
 * so a new deploy shows up at once, but give up after a short wait and answer from the cache,
 * so a lesson opens offline or on a classroom's overloaded Wi-Fi. The build's chunks and the
 * static files are answered from the cache first (chunk names carry a content hash).
 *
 * In `vite dev` there is no build to cache (`build` is empty): the worker then stays out of the
 * way entirely.
 */
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const PREFIX = 'metallb-lab-';
const CACHE = `${PREFIX}${version}`;
/** How long a navigation waits for the network before the cached page is used. */
const NAV_TIMEOUT_MS = 3_000;

const ENABLED = build.length > 0;
const PRECACHE = [...new Set([...build, ...files, ...prerendered])];
const pathOf = (p: string) => new URL(p, sw.location.href).pathname;
/** Pages and their data: network first. */
const PAGES = new Set(prerendered.map(pathOf));
/** Chunks and static files: cache first. */
const ASSETS = new Set([...build, ...files].map(pathOf));

sw.addEventListener('install', (event) => {
  if (!ENABLED) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE);
      await sw.skipWaiting();
    })()
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })()
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (!ENABLED || req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return;
  if (req.mode === 'navigate' || PAGES.has(url.pathname)) event.respondWith(networkFirst(req, url));
  else if (ASSETS.has(url.pathname) || url.pathname.includes('/_app/immutable/')) event.respondWith(cacheFirst(req));
});

/** The cached copy of a page: `/x/?step=2` is `/x/`, and `/x` is `/x/` (trailingSlash 'always'). */
async function cachedPage(url: URL): Promise<Response | undefined> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(url.pathname);
  if (hit || url.pathname.endsWith('/')) return hit;
  return cache.match(`${url.pathname}/`);
}

async function networkFirst(req: Request, url: URL): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const network = fetch(req);
  network.catch(() => undefined); // lost the race to the timer: nobody else waits for it
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), NAV_TIMEOUT_MS)));
  try {
    const res = await Promise.race([network, timeout]);
    if (res && res.ok) {
      if (PAGES.has(url.pathname)) {
        const copy = res.clone();
        void caches.open(CACHE).then((c) => c.put(url.pathname, copy));
      }
      return res;
    }
    const cached = await cachedPage(url);
    if (cached) return cached;
    return res ?? (await network);
  } catch {
    const cached = await cachedPage(url);
    if (cached) return cached;
    throw new Error('offline and not cached');
  } finally {
    clearTimeout(timer);
  }
}

async function cacheFirst(req: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req, { ignoreSearch: true });
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && res.type === 'basic') void cache.put(req, res.clone());
  return res;
}
