/**
 * The life of a publication: `pending` until it is published, rejected, or found no longer
 * publishable (`failed`). The three outcomes are final: nothing moves a publication out of them (the
 * store backs this with a trigger). A publication that needs no approval goes through `pending` and
 * `published` in one transaction.
 */
import type { PublicationStatus } from "./types.js";

export type PublicationEvent = "publish" | "reject" | "fail";

const TRANSITIONS: Record<PublicationStatus, Partial<Record<PublicationEvent, PublicationStatus>>> = {
  pending: { publish: "published", reject: "rejected", fail: "failed" },
  published: {},
  rejected: {},
  failed: {},
};

const PAST: Record<PublicationEvent, string> = { publish: "published", reject: "rejected", fail: "failed" };

export function isFinal(status: PublicationStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length === 0;
}

export type Transition = { ok: true; status: PublicationStatus } | { ok: false; reason: string };

/** The status after `event`, or why the event cannot happen in `status`. */
export function transition(status: PublicationStatus, event: PublicationEvent): Transition {
  const next = TRANSITIONS[status][event];
  if (next) return { ok: true, status: next };
  return {
    ok: false,
    reason: `it is ${status} already and cannot be ${PAST[event]}${isFinal(status) ? " (a decided publication is final)" : ""}`,
  };
}
