/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app makes them: HMAC-SHA1, 6
 * digits, 30-second steps, a 160-bit secret. Codes come from `otpauth`; which step is accepted, and
 * that each step is accepted once, is decided here (pure, with the time passed in).
 */
import { timingSafeEqual } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now: a phone clock 30 s off, or a code typed as it changed. */
export const TOTP_WINDOW = 1;
/** The issuer an authenticator app shows above the code. */
export const TOTP_ISSUER = "Gatecast";

/** A new random secret (20 bytes, as RFC 4226 recommends), in base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The step (30-second counter) a time falls in. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_S);
}

/** The code for one step (for tests, and nothing else in the controller). */
export function totpCode(secretBase32: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secretBase32), counter: step, digits: TOTP_DIGITS });
}

/** The `otpauth://` URI a QR code carries; the app shows "Gatecast: user@site". */
export function totpUri(secretBase32: string, account: string, site: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: `${account}@${site}`,
    issuerInLabel: true,
    secret: Secret.fromBase32(secretBase32),
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
  }).toString();
}

/** Six digits, spaces allowed ("123 456" as some apps show it). */
export function normalizeTotpCode(code: string): string | null {
  const digits = code.replace(/\s+/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The step a code matches within ±TOTP_WINDOW of now, newer than `lastStep` (each code once: a code
 * seen over a shoulder or replayed from a capture is refused), or null. Every candidate step is
 * computed and compared, so the time taken says nothing about which one matched.
 */
export function matchTotp(
  secretBase32: string,
  code: string,
  nowMs: number,
  lastStep: number,
): number | null {
  const digits = normalizeTotpCode(code);
  if (!digits) return null;
  const now = totpStep(nowMs);
  let found: number | null = null;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    const matches = sameCode(totpCode(secretBase32, step), digits);
    if (matches && step > lastStep && found === null) found = step;
  }
  return found;
}
