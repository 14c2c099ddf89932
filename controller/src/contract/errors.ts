/**
 * Every `code` the API's error shape (`{"error":{"code","message","field"?}}`) can carry. The message
 * is English for logs and scripts; the console words each code itself in its reader's language, from
 * this list, so a code added here without a translation there does not build (and `HttpError` takes
 * only these, so a code thrown without being listed here does not build either).
 */
import { PASSWORD_PROBLEMS, type PasswordProblemCode } from "./accounts.js";

export const ERROR_CODES = [
  // Requests the API cannot read at all.
  "invalid",
  "bad-json",
  "bad-request",
  "too-large",
  "not-found",
  "conflict",
  "read-only",
  // Sessions, roles and login.
  "unauthenticated",
  "forbidden",
  "csrf",
  "second-factor-required",
  // The console asked for from a kiosk's browser, or from outside CONSOLE_ALLOW (issue #19).
  "kiosk-browser",
  "console-not-allowed",
  "bad-credentials",
  "rate-limited",
  "login-expired",
  "bad-code",
  "already-enrolled",
  "not-enrolling",
  "last-admin",
  ...PASSWORD_PROBLEMS.map((p) => `password-${p}` as const),
  // Kiosks, signs, media.
  "registry-full",
  "unrenderable",
  "unsupported-media",
  "media-budget",
  // A video that does not decode to its end, subtitles that are not WebVTT, ffmpeg not installed.
  "unplayable-video",
  "invalid-subtitles",
  "media-tools-missing",
  // A report asked for as PDF where no Chromium is installed to print it.
  "pdf-unavailable",
  // The central office and the gate's link to it.
  "no-signing-key",
  "no-central",
  "too-many-attempts",
  // The controller itself.
  "disk-low",
  "busy",
  "ui-not-built",
  "internal",
] as const;

export type PasswordErrorCode = `password-${PasswordProblemCode}`;
export type ErrorCode = (typeof ERROR_CODES)[number] | PasswordErrorCode;

/**
 * Codes the console makes itself when there is no API answer to read: the controller could not be
 * reached, or answered without the error shape (a proxy's page).
 */
export const CLIENT_ERROR_CODES = ["unreachable", "http"] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
