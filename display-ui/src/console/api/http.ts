/**
 * The console's one door to the controller: JSON in and out, the session's CSRF token on every write,
 * and every answer either the documented body or the API's one error shape as a tagged result, so a
 * screen can put a field's error next to that field instead of guessing from an exception.
 */
import { errorText } from "../error-text.js";
import type { ConsoleLang } from "../i18n.js";

/**
 * The API's error shape (`{"error":{"code","message","field"}}`), as the console shows it: the
 * controller's English message is replaced by the code's sentence in the reader's language
 * (error-text.ts), and kept in `detail` where it names what the sentence cannot.
 */
export interface ApiError {
  code: string;
  /** In the console's language. */
  message: string;
  /** The controller's own (English) message, when it adds to `message`; shown smaller, `lang="en"`. */
  detail?: string;
  /** The controller's message as it came, whatever `message` became (for matching, never shown). */
  serverMessage?: string;
  /** The dotted path of the input at fault, e.g. `title.vi`, `dayparts.0.end`, `query.channel`. */
  field?: string;
}

/** The controller's error, worded in `lang`: the one place the console turns a code into words. */
export function localizeError(raw: ApiError, lang: ConsoleLang): ApiError {
  const { text, detail } = errorText(raw, lang);
  return {
    code: raw.code,
    message: text,
    ...(detail ? { detail } : {}),
    serverMessage: raw.message,
    ...(raw.field ? { field: raw.field } : {}),
  };
}

export type Result<T> =
  | { ok: true; status: number; value: T; headers: Headers }
  | {
      ok: false;
      status: number;
      error: ApiError;
      /** Seconds from `Retry-After` (a rate-limited login). */
      retryAfterS?: number;
    };

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  body?: unknown;
  /** A file sent as it is (an upload), instead of a JSON body. */
  file?: Blob;
  query?: Query;
  /** Answer with the body as a Blob (images) instead of JSON. */
  blob?: boolean;
}

const API_BASE = "/api/v1";

export function queryString(query: Query | undefined): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === "" || value === false) continue;
    q.set(key, value === true ? "1" : String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${queryString(query)}`;
}

export class ApiClient {
  /** From the login's answer (or `GET /session` after a reload); sent as `x-csrf-token` on writes. */
  csrfToken: string | undefined;
  /** The language errors are worded in: the app keeps it to the reader's choice. */
  lang: ConsoleLang = "vi";

  /**
   * Called when the controller says the session is gone (expired, logged out elsewhere, user
   * disabled): the app goes back to its login screen.
   */
  constructor(private readonly onSessionLost: () => void = () => undefined) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Result<T>> {
    const headers: Record<string, string> = { accept: options.blob ? "*/*" : "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.file) headers["content-type"] = options.file.type || "application/octet-stream";
    if (method !== "GET" && this.csrfToken) headers["x-csrf-token"] = this.csrfToken;
    let res: Response;
    try {
      res = await fetch(apiUrl(path, options.query), {
        method,
        headers,
        credentials: "same-origin",
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.file ? { body: options.file } : {}),
      });
    } catch (error) {
      return {
        ok: false,
        status: 0,
        error: localizeError({ code: "unreachable", message: String(error) }, this.lang),
      };
    }
    if (res.ok) {
      if (options.blob)
        return { ok: true, status: res.status, value: (await res.blob()) as T, headers: res.headers };
      const text = await res.text();
      // 204 and other empty answers carry no JSON.
      const value = (text ? JSON.parse(text) : undefined) as T;
      return { ok: true, status: res.status, value, headers: res.headers };
    }
    const body: unknown = await res.json().catch(() => undefined);
    const raw = (body as { error?: ApiError } | undefined)?.error;
    const error = localizeError(
      typeof raw?.code === "string" && typeof raw.message === "string"
        ? raw
        : { code: "http", message: `the controller answered ${res.status}` },
      this.lang,
    );
    if (res.status === 401 && error.code === "unauthenticated") this.onSessionLost();
    const retry = Number(res.headers.get("retry-after"));
    return {
      ok: false,
      status: res.status,
      error,
      ...(Number.isFinite(retry) && retry > 0 ? { retryAfterS: retry } : {}),
    };
  }

  get<T>(path: string, query?: Query): Promise<Result<T>> {
    return this.request<T>("GET", path, query ? { query } : {});
  }

  post<T>(path: string, body?: unknown, query?: Query): Promise<Result<T>> {
    return this.request<T>("POST", path, { body: body ?? {}, ...(query ? { query } : {}) });
  }

  put<T>(path: string, body: unknown): Promise<Result<T>> {
    return this.request<T>("PUT", path, { body });
  }

  patch<T>(path: string, body: unknown): Promise<Result<T>> {
    return this.request<T>("PATCH", path, { body });
  }

  delete<T = undefined>(path: string): Promise<Result<T>> {
    return this.request<T>("DELETE", path);
  }
}

/** The path part of an id in a URL. */
export const seg = (id: string): string => encodeURIComponent(id);
