/**
 * The display apps' service worker (the kiosk's and the big screen's), so a display that reloads
 * (power cut, watchdog) while the controller is unreachable still starts and shows the last state:
 * - the app shell (document, scripts, styles) is precached at install and served cache-first;
 * - font files are kept as the page loads them (it loads every file its content needs, see
 *   shared/fonts.ts), so a gate never downloads the scripts of the others;
 * - the state path is network-first, falling back to the last answer;
 * - media is content-addressed (the URL is its sha256), so cache-first and kept; a video's byte-range
 *   requests are answered from the kept file, so a screen plays its videos offline too.
 * Written by hand: it is small, and every line of it is one of the rules above.
 *
 * Self-contained on purpose (type imports only): a worker must not share chunks with the page. Each
 * app's sw.ts calls runDisplayWorker, and only its worker imports this file.
 */
import type { KioskError } from "../../../controller/src/contract/kiosk.js";

export interface DisplayWorkerOptions {
  /** The REST state path kept network-first (the page also keeps its state in localStorage). */
  statePath: string;
  /** The app's shell cache, pruned to its own build: each app has its own. */
  assetsCache: string;
  stateCache: string;
}

interface PrecacheManifest {
  /** Digest of the build: a new build gives a new sw.js, which the browser installs. */
  version: string;
  /** The document (the scope URL) and every script and stylesheet. */
  shell: string[];
  /** woff2 files by language (`base` is Noto Sans, for every gate). */
  fonts: Record<string, string[]>;
}

// The parts of the service worker scope used here. The project compiles against the DOM library, and
// adding the WebWorker one beside it redefines half of the globals.
interface SwEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface SwScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: SwEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: SwFetchEvent) => void): void;
}

// `as`: `self` is typed as a Window by the DOM library; in this file it is the worker's scope.
const sw = self as unknown as SwScope;

/** Replaced by the build (display-ui/vite.config.ts) with the manifest as a JSON string. */
const RAW_MANIFEST = "__GATECAST_PRECACHE_MANIFEST__";
const MANIFEST: PrecacheManifest = (() => {
  try {
    return JSON.parse(RAW_MANIFEST) as PrecacheManifest;
  } catch {
    // `vite` dev server: nothing was built, nothing to precache.
    return { version: "dev", shell: [], fonts: {} };
  }
})();

// The media prefix of controller/src/contract/kiosk.ts, repeated: a value import would pull a shared
// chunk into the worker.
const MEDIA_PREFIX = "/api/v1/media/";
const MEDIA = "gatecast-media";
const NETWORK_TIMEOUT_MS = 4_000;
/** Marks an answer served from the cache (display-ui/src/shared/api.ts reads it). */
const CACHED_HEADER = "x-gatecast-cached";

/** Runs the worker: install, activate and fetch handlers for one app's scope. */
export function runDisplayWorker(options: DisplayWorkerOptions): void {
  const STATE_PATH = options.statePath;
  /** Hashed file names never change content: one cache across builds, pruned to the current build. */
  const ASSETS = options.assetsCache;
  const STATE = options.stateCache;

  const scopePath = new URL(sw.registration.scope).pathname;

  async function addMissing(cache: Cache, urls: readonly string[]): Promise<void> {
    const missing: string[] = [];
    for (const url of urls) if (!(await cache.match(url))) missing.push(url);
    await cache.addAll(missing);
  }

  sw.addEventListener("install", (event) => {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(ASSETS);
        // The document is the one unhashed file: always take this build's.
        await cache.add(new Request(scopePath, { cache: "reload" }));
        await addMissing(
          cache,
          [...MANIFEST.shell, ...(MANIFEST.fonts.base ?? [])].filter((url) => url !== scopePath),
        );
        await sw.skipWaiting();
      })(),
    );
  });

  sw.addEventListener("activate", (event) => {
    event.waitUntil(
      (async () => {
        const keep = new Set([scopePath, ...MANIFEST.shell, ...Object.values(MANIFEST.fonts).flat()]);
        const cache = await caches.open(ASSETS);
        for (const request of await cache.keys()) {
          if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
        }
        await sw.clients.claim();
      })(),
    );
  });

  function withCachedMark(response: Response): Response {
    const headers = new Headers(response.headers);
    headers.set(CACHED_HEADER, "1");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  function offlineAnswer(): Response {
    const body: KioskError = {
      error: { code: "offline", message: "the controller is unreachable and nothing is cached yet" },
    };
    return new Response(JSON.stringify(body), {
      status: 503,
      headers: { "content-type": "application/json" },
    });
  }

  async function fetchWithTimeout(request: Request): Promise<Response> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), NETWORK_TIMEOUT_MS);
    try {
      return await fetch(request, { signal: abort.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The controller's answer when it gives one (and keep it); else the last one kept. */
  async function networkFirst(request: Request, cacheName: string): Promise<Response> {
    const cache = await caches.open(cacheName);
    try {
      const response = await fetchWithTimeout(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    } catch {
      const kept = await cache.match(request);
      return kept ? withCachedMark(kept) : offlineAnswer();
    }
  }

  async function cacheFirst(
    request: Request,
    cacheName: string,
    key: RequestInfo = request,
  ): Promise<Response> {
    const cache = await caches.open(cacheName);
    const kept = await cache.match(key);
    if (kept) return kept;
    const response = await fetch(request);
    if (response.status === 200) await cache.put(key, response.clone());
    return response;
  }

  /** Files being kept in the background, so a video streamed once is on hand offline next time. */
  const keeping = new Set<string>();

  /** Keeps the whole file (one request at a time per file, never awaited by the page). */
  function keepWhole(url: string): void {
    if (keeping.has(url)) return;
    keeping.add(url);
    void (async () => {
      try {
        const cache = await caches.open(MEDIA);
        if (await cache.match(url)) return;
        const response = await fetch(url);
        if (response.status === 200) await cache.put(url, response);
      } catch {
        // Offline or the disk is full: the next play asks again.
      } finally {
        keeping.delete(url);
      }
    })();
  }

  /**
   * A `Range: bytes=a-b` request answered from the kept file (Blob slices are read from disk, not
   * memory, however big the file); a file not kept yet goes to the network and is kept meanwhile.
   */
  async function rangeFromCache(request: Request, range: string): Promise<Response> {
    const cache = await caches.open(MEDIA);
    const kept = await cache.match(request.url);
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!kept || !m) {
      keepWhole(request.url);
      return fetch(request);
    }
    const blob = await kept.blob();
    const size = blob.size;
    let start = m[1] ? Number(m[1]) : size - Number(m[2]);
    let end = m[1] && m[2] ? Number(m[2]) : size - 1;
    start = Math.max(0, start);
    end = Math.min(size - 1, end);
    if (start > end || start >= size) {
      return new Response(null, { status: 416, headers: { "content-range": `bytes */${size}` } });
    }
    const headers = new Headers({
      "content-type": kept.headers.get("content-type") ?? "application/octet-stream",
      "content-range": `bytes ${start}-${end}/${size}`,
      "content-length": String(end - start + 1),
      "accept-ranges": "bytes",
    });
    return new Response(blob.slice(start, end + 1), { status: 206, headers });
  }

  sw.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== location.origin) return;
    // The live link stays live: socket.io's long-polling must never see a cached answer.
    if (url.pathname.startsWith("/socket.io/")) return;
    if (url.pathname === STATE_PATH) {
      // A console preview (another instant, drafts) is never a state to fall back on: straight through.
      if (url.searchParams.has("at") || url.searchParams.has("draft")) return;
      event.respondWith(networkFirst(request, STATE));
    } else if (url.pathname.startsWith(MEDIA_PREFIX)) {
      const range = request.headers.get("range");
      // A video asks for byte ranges: answered from the kept whole file, else by the controller.
      if (range) event.respondWith(rangeFromCache(request, range));
      else event.respondWith(cacheFirst(request, MEDIA));
    } else if (request.mode === "navigate" && url.pathname === scopePath) {
      // Whatever the query (?channel=…&kiosk=…), the document is the same one file.
      event.respondWith(cacheFirst(request, ASSETS, scopePath));
    } else if (url.pathname.startsWith(`${scopePath}assets/`)) {
      event.respondWith(cacheFirst(request, ASSETS));
    }
  });
}
