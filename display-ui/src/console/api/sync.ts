/**
 * A gate's link to its central office (see docs/central.md): the programs it holds, what happened to
 * each bundle it saw, polling the central now, and the last upload of proof of play.
 */
import {
  RETRYABLE_REFUSALS,
  type SyncAnswer,
  type SyncLogRow,
  type SyncStatus,
  type Upload,
} from "../../../../controller/src/contract/central.js";
import type { ApiClient, Result } from "./http.js";

export type {
  BundleOutcomeView as BundleOutcome,
  HeldProgram,
  RefusalCode,
  SyncAnswer,
  SyncLogRow,
  SyncStatus,
  Upload,
} from "../../../../controller/src/contract/central.js";

export function status(api: ApiClient): Promise<Result<SyncStatus>> {
  return api.get("/sync/status");
}

/** Polls the central now, then sends the heartbeat and proof of play; 409 `no-central` without a URL. */
export function syncNow(api: ApiClient): Promise<Result<SyncAnswer>> {
  return api.post("/sync");
}

/**
 * The last upload from `/healthz` (outside /api/v1, no session needed): the status has no upload, and
 * only a click on "sync now" answers one. undefined: the controller could not be asked.
 */
export async function lastUpload(): Promise<Upload | null | undefined> {
  try {
    const res = await fetch("/healthz", { headers: { accept: "application/json" } });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { central?: { lastUpload?: Upload | null } };
    return body.central?.lastUpload ?? null;
  } catch {
    return undefined;
  }
}

/** Refusals the gate tries again at the next poll (the controller's own list). */
export const RETRIED: ReadonlySet<string> = RETRYABLE_REFUSALS;

/** Where a bundle came from: the controller writes `central <host>` or `usb <path>`. */
export function parseSource(source: string): { kind: "central" | "usb" | "other"; where: string } {
  const [first = "", ...rest] = source.split(" ");
  const where = rest.join(" ");
  if (first === "central" && where) return { kind: "central", where };
  if (first === "usb" && where) return { kind: "usb", where };
  return { kind: "other", where: source };
}

/** `cannot reach the central: fetch failed` → its cause, for a sentence of the console's own. */
export function unreachableCause(error: string): string | undefined {
  const prefix = "cannot reach the central: ";
  return error.startsWith(prefix) ? error.slice(prefix.length) : undefined;
}

export type SyncProblem =
  | { kind: "refused"; row: SyncLogRow }
  | { kind: "unreachable"; error: string; at: string | null };

/**
 * What an operator should look at: the newest bundle seen was refused, or the last poll failed. An
 * import since a refusal clears it (the log is newest first).
 */
export function syncProblem(s: SyncStatus): SyncProblem | undefined {
  const newest = s.recent[0];
  if (newest && newest.outcome !== "imported") return { kind: "refused", row: newest };
  if (s.lastError) return { kind: "unreachable", error: s.lastError, at: s.lastAttemptAt };
  return undefined;
}

/**
 * `none`: no central office and no bundle ever seen (from USB either), so nothing to show and no entry
 * in the nav; `problem`: as syncProblem says.
 */
export type SyncMark = "none" | "ok" | "problem";

export function syncMark(s: SyncStatus): SyncMark {
  if (!s.enabled && s.held.length === 0 && s.recent.length === 0) return "none";
  return syncProblem(s) ? "problem" : "ok";
}
