/**
 * A console client for the integration tests: keeps the session cookie and the CSRF token like the
 * browser app does. Users are seeded with one shared scrypt hash (one ~50 ms hash per test file).
 *
 * Accounts that must have a second factor (admins; everyone at a central office) are seeded with
 * one, on a secret the tests know, and `login` answers the code step as a person with the app would.
 */
import { hashPassword } from "../../controller/src/auth/password.js";
import { totpCode, totpStep } from "../../controller/src/auth/totp.js";
import type { RunningController } from "../../controller/src/server.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { replaceRecoveryCodes } from "../../controller/src/store/second-factor-repo.js";
import { createUser, type Role } from "../../controller/src/store/users-repo.js";

/** NFC Vietnamese on purpose: passwords at the gates are typed with Telex/VNI input methods. */
export const PASSWORD = "gác-cổng-Lệ-Thanh";

let shared: Promise<string> | undefined;
export function sharedHash(): Promise<string> {
  shared ??= hashPassword(PASSWORD);
  return shared;
}

/** The authenticator secret of every seeded account that has a second factor. */
export const TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/** Recovery codes seeded per account (used when a test logs in more often than codes allow). */
const TEST_RECOVERY_CODES = 40;
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function testRecoveryCode(i: number): string {
  let tail = "";
  for (let n = i, k = 0; k < 4; k++, n = Math.floor(n / RECOVERY_ALPHABET.length)) {
    tail += RECOVERY_ALPHABET[n % RECOVERY_ALPHABET.length];
  }
  return `test-code-test-${tail}`.replace(/[^a-z2-9-]/g, "a").replace(/[ilo]/g, "a");
}

/** Per controller and account: the newest TOTP step used and the next recovery code, as a phone would. */
const factorUse = new Map<string, { lastStep: number; nextRecovery: number }>();
const factorKey = (base: string, username: string) => `${base}|${username.toLowerCase()}`;

/** Whether seedUsers gave this account a second factor on this controller. */
export function hasTestFactor(base: string, username: string): boolean {
  return factorUse.has(factorKey(base, username));
}

/**
 * The code a person would type now for a seeded account: the app's current code, or the next one
 * when the current was used already (the controller accepts one step ahead), else a recovery code.
 * Each code works once, so two logins in the same 30 s take different codes.
 */
export function nextTestCode(base: string, username: string): string {
  const use = factorUse.get(factorKey(base, username));
  if (!use) throw new Error(`${username} has no seeded second factor at ${base}`);
  const now = totpStep(Date.now());
  const step = Math.max(use.lastStep + 1, now);
  if (step <= now + 1) {
    use.lastStep = step;
    return totpCode(TEST_TOTP_SECRET, step);
  }
  const code = testRecoveryCode(use.nextRecovery++);
  return code;
}

/** Gives a seeded user a confirmed second factor on the tests' secret, with recovery codes. */
export function enrolTestFactor(c: RunningController, userId: number, username: string): void {
  const db = c.ctx.db;
  db.prepare(
    "INSERT INTO user_totp (user_id, secret, created_at, enabled_at, last_step) VALUES (?, ?, ?, ?, 0)",
  ).run(userId, TEST_TOTP_SECRET, new Date().toISOString(), new Date().toISOString());
  replaceRecoveryCodes(
    db,
    userId,
    Array.from({ length: TEST_RECOVERY_CODES }, (_, i) => testRecoveryCode(i)),
  );
  factorUse.set(factorKey(c.url, username), { lastStep: 0, nextRecovery: 0 });
}

/**
 * Creates the users; those who must have a second factor (admins, and everyone at a central office)
 * get one, so the tests log in as such a person would (`{ secondFactor: false }` leaves them without).
 */
export async function seedUsers(
  c: RunningController,
  users: Record<string, Role>,
  options: { secondFactor?: boolean } = {},
): Promise<void> {
  const hash = await sharedHash();
  const central = c.ctx.settings.site.role === "central";
  for (const [username, role] of Object.entries(users)) {
    const user = createUser(c.ctx.db, SYSTEM, username, role, hash);
    if (options.secondFactor !== false && (central || role === "admin"))
      enrolTestFactor(c, user.id, username);
  }
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
  /** Bytes sent as they are (a media upload), instead of a JSON `body`. */
  raw?: { type: string; bytes: Buffer };
}

export class ConsoleClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly base: string) {}

  /** Logs in; for an account seeded with a second factor, answers the code step too. */
  async login(username: string, password = PASSWORD): Promise<Answer> {
    let answer = await this.send("POST", "/api/v1/session", { body: { username, password } });
    if (answer.status === 200 && answer.body.challenge && hasTestFactor(this.base, username)) {
      answer = await this.send("POST", "/api/v1/session/second-factor", {
        body: { challenge: answer.body.challenge, code: nextTestCode(this.base, username) },
      });
    }
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
    if (options.raw) headers["content-type"] = options.raw.type;
    else if (options.body !== undefined) headers["content-type"] = "application/json";
    if (this.cookie) headers.cookie = `gc_session=${this.cookie}`;
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (csrf) headers["x-csrf-token"] = csrf;
    if (options.origin) headers.origin = options.origin;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(options.raw
        ? { body: new Uint8Array(options.raw.bytes) }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
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
  /** A file uploaded to the media store as the console sends one: its bytes, its type, its name. */
  upload(bytes: Buffer, type = "image/png", name = "a.png") {
    return this.send("POST", `/api/v1/media?name=${encodeURIComponent(name)}`, { raw: { type, bytes } });
  }
  patch(path: string, body: unknown, options?: SendOptions) {
    return this.send("PATCH", path, { ...options, body });
  }
  delete(path: string, options?: SendOptions) {
    return this.send("DELETE", path, options);
  }
}
