/**
 * What a new password must not be, shared by the API and the CLI. Long beats complex (an operator
 * types it with a Vietnamese input method at a shared PC), so there are no "one digit, one symbol"
 * rules: only a length by role, and a refusal of what guessers try first.
 *
 * Pure: the common-password list is the one zxcvbn ships (`@zxcvbn-ts/language-common`, ~49,000
 * passwords from breaches), read once into a Set on first use.
 */
import { dictionary } from "@zxcvbn-ts/language-common";
import type { PasswordProblemCode, Role } from "../contract/accounts.js";

// The console words each code itself, so the codes are the contract's.
export type { PasswordProblemCode } from "../contract/accounts.js";

export interface PasswordProblem {
  code: PasswordProblemCode;
  message: string;
  /** For `too-short`: the least number of characters for this role. */
  min?: number;
}

/** Supervisors approve what goes on air and admins manage accounts (and, at a central, sign). */
export const MIN_LENGTH: Record<Role, number> = { operator: 10, supervisor: 12, admin: 12 };
export const MAX_LENGTH = 200;

/** Rows people walk along when they "choose" a password, each also read backwards. */
const SEQUENCES = [
  "0123456789012345678901234567890123456789",
  "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
  "qwertyuiopasdfghjklzxcvbnm",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
  "qazwsxedcrfvtgbyhnujmikolp",
  "azertyuiopqsdfghjklmwxcvbn",
];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** Characters as a person counts them (a Vietnamese "ệ" is one, whatever the input method sent). */
function chars(password: string): string[] {
  return Array.from(password.normalize("NFC"));
}

/** Digits and symbols people add at the end when told a password is too simple. */
const TAIL = /[\d\s!@#$%^&*()_+=.,;:?~`'"\\/|<>[\]{}-]+$/u;

/** "aaaaaaaaaa", "abcabcabcabc", "1234567890", "qwertyuiop", "ababababab12": little to guess. */
export function isRepetitive(password: string): boolean {
  const lower = password.toLowerCase();
  const stem = lower.replace(TAIL, "");
  return patterned(lower) || (stem !== lower && chars(stem).length >= 6 && patterned(stem));
}

function patterned(lower: string): boolean {
  const cs = chars(lower);
  const n = cs.length;
  if (new Set(cs).size <= Math.min(3, n)) return true;
  // One short unit repeated (the last copy may be cut short).
  for (let unit = 1; unit <= n / 2; unit++) {
    if (cs.every((c, i) => c === cs[i % unit])) return true;
  }
  const text = cs.join("");
  for (const row of SEQUENCES) {
    // Walked round again from the start ("asdfghjklasdf") or backwards.
    const twice = row + row;
    if (twice.includes(text) || [...twice].reverse().join("").includes(text)) return true;
  }
  // Steady steps in code points: "acegikmoqs", "9753197531".
  const steps = new Set<number>();
  const points = cs.map((c) => c.codePointAt(0) ?? 0);
  for (let i = 1; i < n; i++) steps.add((points[i] ?? 0) - (points[i - 1] ?? 0));
  return steps.size === 1;
}

/** In the breach list as typed, ignoring case, or with the digits and symbols at its end taken off. */
export function isCommon(password: string): boolean {
  const list = commonPasswords();
  const lower = password.normalize("NFC").toLowerCase();
  if (list.has(lower)) return true;
  const stem = lower.replace(TAIL, "");
  return stem.length >= 4 && stem !== lower && list.has(stem);
}

/** The problems of a new password for this account, most basic first; empty when it will do. */
export function passwordProblems(
  password: string,
  account: { username?: string; role: Role },
): PasswordProblem[] {
  const length = chars(password).length;
  const min = MIN_LENGTH[account.role];
  if (length > MAX_LENGTH) {
    return [{ code: "too-long", message: `the password is longer than ${MAX_LENGTH} characters` }];
  }
  if (password.trim() === "") {
    return [{ code: "whitespace", message: "the password is only spaces" }];
  }
  const problems: PasswordProblem[] = [];
  if (length < min) {
    problems.push({
      code: "too-short",
      min,
      message: `the password needs at least ${min} characters for ${account.role === "operator" ? "an" : "a"} ${account.role}`,
    });
  }
  if (isRepetitive(password)) {
    problems.push({
      code: "repetitive",
      message: "the password is a repeated character, pattern or simple sequence",
    });
  } else if (isCommon(password)) {
    problems.push({ code: "common", message: "the password is on a list of common passwords" });
  }
  const username = account.username?.toLowerCase();
  if (username && username.length >= 3 && password.normalize("NFC").toLowerCase().includes(username)) {
    problems.push({ code: "contains-username", message: "the password contains the username" });
  }
  return problems;
}

/** The first problem, or null: what a form or the CLI says. */
export function passwordProblem(
  password: string,
  account: { username?: string; role: Role },
): PasswordProblem | null {
  return passwordProblems(password, account)[0] ?? null;
}
