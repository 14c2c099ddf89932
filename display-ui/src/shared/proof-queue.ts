/**
 * Proof of play and touch sessions waiting to be sent, kept in localStorage so a reload or a power
 * cut loses nothing. A record leaves the queue only when the hub acknowledged the batch holding it;
 * a batch whose ack never came is sent again, and the hub drops what it already has (same keys).
 */
import type {
  ProofBatch,
  ProofPlay,
  ProofSession,
  ProofSkip,
} from "../../../controller/src/contract/kiosk.js";
import { PROOF_LIMITS } from "../../../controller/src/contract/kiosk.js";

/** The part of the Storage interface the queue uses (localStorage, or a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

type QueuedRecord =
  | { type: "play"; record: ProofPlay }
  | { type: "session"; record: ProofSession }
  | { type: "skip"; record: ProofSkip };

/** Skips per batch: a screen skips an item at most once per loop, so this is many loops' worth. */
const SKIPS_PER_BATCH = 100;

/** The hub's unique keys, so the queue never holds the same record twice either. */
function keyOf(entry: QueuedRecord): string {
  switch (entry.type) {
    case "play":
      return `play|${entry.record.startedAt}|${entry.record.itemId}`;
    case "skip":
      return `skip|${entry.record.at}|${entry.record.itemId}`;
    default:
      return `session|${entry.record.startedAt}`;
  }
}

/** A week of a busy loop; past this the oldest records go first (a kiosk cut off for weeks). */
const MAX_RECORDS = 20_000;

export interface PendingBatch {
  batch: ProofBatch;
  keys: string[];
}

export class ProofQueue {
  #records: QueuedRecord[];

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
  ) {
    this.#records = this.#load();
  }

  get size(): number {
    return this.#records.length;
  }

  addPlay(play: ProofPlay): void {
    this.#add({ type: "play", record: play });
  }

  addSession(session: ProofSession): void {
    this.#add({ type: "session", record: session });
  }

  /** A screen's player gave up on an item (broken or unsupported video). */
  addSkip(skip: ProofSkip): void {
    this.#add({ type: "skip", record: skip });
  }

  /** The oldest records, within the hub's limits; undefined when there is nothing to send. */
  nextBatch(max = 200): PendingBatch | undefined {
    const plays: ProofPlay[] = [];
    const sessions: ProofSession[] = [];
    const skips: ProofSkip[] = [];
    const keys: string[] = [];
    for (const entry of this.#records) {
      if (keys.length >= max) break;
      if (entry.type === "play" && plays.length < PROOF_LIMITS.plays) plays.push(entry.record);
      else if (entry.type === "session" && sessions.length < PROOF_LIMITS.sessions)
        sessions.push(entry.record);
      else if (entry.type === "skip" && skips.length < SKIPS_PER_BATCH) skips.push(entry.record);
      else continue;
      keys.push(keyOf(entry));
    }
    if (keys.length === 0) return undefined;
    // A kiosk's batch stays as it was: `skips` only when there are some.
    return { batch: skips.length > 0 ? { plays, sessions, skips } : { plays, sessions }, keys };
  }

  /** The hub has these: forget them. */
  acknowledge(keys: readonly string[]): void {
    const done = new Set(keys);
    this.#records = this.#records.filter((entry) => !done.has(keyOf(entry)));
    this.#save();
  }

  #add(entry: QueuedRecord): void {
    const key = keyOf(entry);
    if (this.#records.some((e) => keyOf(e) === key)) return;
    this.#records.push(entry);
    if (this.#records.length > MAX_RECORDS) this.#records.splice(0, this.#records.length - MAX_RECORDS);
    this.#save();
  }

  #load(): QueuedRecord[] {
    try {
      const parsed: unknown = JSON.parse(this.store.getItem(this.key) ?? "[]");
      return Array.isArray(parsed) ? (parsed as QueuedRecord[]) : [];
    } catch {
      return [];
    }
  }

  #save(): void {
    try {
      this.store.setItem(this.key, JSON.stringify(this.#records));
    } catch {
      // Storage full: keep the records in memory; they are sent (and dropped) as soon as the hub is back.
    }
  }
}
