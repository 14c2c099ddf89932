/**
 * Kiosk tokens: 256 random bits, given to the kiosk once and stored by the controller only as their
 * sha256, so a copy of the database (a backup on a USB stick) lets nobody pose as a kiosk.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes in base64url: 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newKioskToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant time in the token's content: hashes of equal length are compared, never the strings. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const sent = Buffer.from(hashSecret(token), "hex");
  const kept = Buffer.from(storedHash, "hex");
  return sent.length === kept.length && timingSafeEqual(sent, kept);
}
