/**
 * A console client for the integration tests: keeps the session cookie and the CSRF token like the
 * browser app does. Users are seeded with one shared scrypt hash (one ~50 ms hash per test file).
 */
import { hashPassword } from "../../controller/src/auth/password.js";
import type { RunningController } from "../../controller/src/server.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { createUser, type Role } from "../../controller/src/store/users-repo.js";

/** NFC Vietnamese on purpose: passwords at the gates are typed with Telex/VNI input methods. */
export const PASSWORD = "gác-cổng-Lệ-Thanh";

let shared: Promise<string> | undefined;
export function sharedHash(): Promise<string> {
  shared ??= hashPassword(PASSWORD);
  return shared;
}

export async function seedUsers(c: RunningController, users: Record<string, Role>): Promise<void> {
  const hash = await sharedHash();
  for (const [username, role] of Object.entries(users)) createUser(c.ctx.db, SYSTEM, username, role, hash);
}

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields and assert on them.
  body: any;
  text: string;
  setCookies: string[];
}

export interface SendOptions {
  body?: unknown;
  /** The x-csrf-token to send: the session's by default, `false` for none, or a given string. */
  csrf?: string | false;
  origin?: string;
  headers?: Record<string, string>;
}

export class ConsoleClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly base: string) {}

  async login(username: string, password = PASSWORD): Promise<Answer> {
    const answer = await this.send("POST", "/api/v1/session", { body: { username, password } });
    if (answer.status === 200) this.csrfToken = answer.body.csrfToken;
    return answer;
  }

  /** Logs in and fails the test if that did not work. */
  async loginOk(username: string): Promise<this> {
    const answer = await this.login(username);
    if (answer.status !== 200) throw new Error(`login of ${username}: ${answer.status} ${answer.text}`);
    return this;
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (this.cookie) headers.cookie = `gc_session=${this.cookie}`;
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (csrf) headers["x-csrf-token"] = csrf;
    if (options.origin) headers.origin = options.origin;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const setCookies = res.headers.getSetCookie();
    for (const cookie of setCookies) {
      const match = /^gc_session=([^;]*)/.exec(cookie);
      if (match) this.cookie = /Max-Age=0/.test(cookie) ? undefined : match[1];
    }
    const text = await res.text();
    const json = (res.headers.get("content-type") ?? "").includes("application/json");
    return {
      status: res.status,
      headers: res.headers,
      body: json && text ? JSON.parse(text) : text,
      text,
      setCookies,
    };
  }

  get(path: string, options?: SendOptions) {
    return this.send("GET", path, options);
  }
  put(path: string, body: unknown, options?: SendOptions) {
    return this.send("PUT", path, { ...options, body });
  }
  post(path: string, body: unknown, options?: SendOptions) {
    return this.send("POST", path, { ...options, body });
  }
  patch(path: string, body: unknown, options?: SendOptions) {
    return this.send("PATCH", path, { ...options, body });
  }
  delete(path: string, options?: SendOptions) {
    return this.send("DELETE", path, options);
  }
}
