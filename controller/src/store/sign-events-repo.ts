/** The gate's log of what its signs did (see signs/sign-events.ts for what an event means). */
import type { Statement } from "better-sqlite3";
import type { SignEventDraft } from "../signs/sign-events.js";
import type { Db } from "./database.js";

export function appendSignEvents(db: Db, events: readonly SignEventDraft[]): void {
  if (events.length === 0) return;
  const insert = db.prepare("INSERT INTO sign_events (sign_id, at, kind, detail) VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (const e of events) insert.run(e.signId, e.at, e.kind, JSON.stringify(e.detail));
  })();
}

/** What the sign sampler (signs/sign-sampler.ts) reads and writes. */
export class SignEventsRepo {
  readonly #db: Db;
  #originOf: Statement | undefined;

  constructor(db: Db) {
    this.#db = db;
  }

  /** False once the store is closed (the controller stops): nothing is read or written then. */
  get open(): boolean {
    return this.#db.open;
  }

  append(events: readonly SignEventDraft[]): void {
    appendSignEvents(this.#db, events);
  }

  /** `items.origin` of an item (who made it: the gate or the central office); null for none. */
  itemOrigin(itemId: string): string | null {
    this.#originOf ??= this.#db.prepare("SELECT origin FROM items WHERE id = ?").pluck();
    return (this.#originOf.get(itemId) as string | undefined) ?? null;
  }
}
