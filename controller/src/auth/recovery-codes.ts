/**
 * Recovery codes: ten single-use codes shown once at enrolment, for the day the phone is lost.
 * Each has 80 random bits (16 characters of a 32-letter alphabet without 0/o, 1/l/i), so a fast
 * hash is enough to store them: nobody can search 2^80 codes from a stolen backup.
 */
import { createHash, randomInt } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
/** No 0/o or 1/i/l: codes are read off paper and typed at a shared PC. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** "abcd-efgh-jkmn-pqrs". */
export function newRecoveryCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, newRecoveryCode);
}

/** Case, spaces and dashes as typed do not matter; anything outside the alphabet is not a code. */
export function normalizeRecoveryCode(code: string): string | null {
  const plain = code.toLowerCase().replace(/[\s-]+/g, "");
  if (plain.length !== GROUPS * GROUP_LENGTH) return null;
  for (const c of plain) if (!ALPHABET.includes(c)) return null;
  return plain;
}

/** What is stored: sha256 of the user's id and the normalized code (the same code of two users differs). */
export function hashRecoveryCode(userId: number, code: string): string | null {
  const plain = normalizeRecoveryCode(code);
  if (!plain) return null;
  return createHash("sha256").update(`gatecast-recovery:${userId}:${plain}`).digest("hex");
}
