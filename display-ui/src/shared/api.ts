/**
 * Typed access to the controller's HTTP API. Every answer is either the documented body or the one
 * error shape; callers get a tagged result instead of guessing from exceptions.
 */
import {
  KIOSK_STATE_PATH,
  type KioskError,
  type KioskState,
} from "../../../controller/src/contract/kiosk.js";
import { SCREEN_STATE_PATH, type ScreenState } from "../../../controller/src/contract/screen.js";

export type ApiResult<T> =
  | {
      ok: true;
      value: T /** Served by the kiosk's service worker from its cache, not by the controller. */;
      cached: boolean;
    }
  | { ok: false; status: number; error: KioskError["error"] };

/** The header the kiosk's service worker adds to an answer it serves from its cache. */
export const CACHED_HEADER = "x-gatecast-cached";

async function getJson<T>(url: string, signal?: AbortSignal): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, ...(signal ? { signal } : {}) });
  } catch (error) {
    return { ok: false, status: 0, error: { code: "unreachable", message: String(error) } };
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return { ok: true, value: body as T, cached: res.headers.has(CACHED_HEADER) };
  const error = (body as Partial<KioskError> | undefined)?.error;
  return {
    ok: false,
    status: res.status,
    error: error ?? { code: "http", message: `the controller answered ${res.status}` },
  };
}

/** For the console's preview: the state at an instant, with or without the drafts. */
export interface StateAt {
  at?: string | undefined;
  draft?: boolean;
}

/** The state of a kiosk channel; through the service worker, the last one seen when offline. */
function stateUrl(path: string, channel: string | undefined, when: StateAt): string {
  const query = new URLSearchParams();
  if (channel) query.set("channel", channel);
  if (when.at) query.set("at", when.at);
  if (when.draft) query.set("draft", "1");
  // Not `query.size`: kiosk browsers as old as Chromium 109 (the build's target) lack it.
  const search = query.toString();
  return `${path}${search ? `?${search}` : ""}`;
}

export function fetchKioskState(
  channel: string | undefined,
  signal?: AbortSignal,
  when: StateAt = {},
): Promise<ApiResult<KioskState>> {
  return getJson<KioskState>(stateUrl(KIOSK_STATE_PATH, channel, when), signal);
}

/** A big screen's state at an instant, with drafts: the console's preview of the screen. */
export function fetchScreenState(screen: string, when: StateAt = {}): Promise<ApiResult<ScreenState>> {
  return getJson<ScreenState>(stateUrl(SCREEN_STATE_PATH, screen, when));
}
