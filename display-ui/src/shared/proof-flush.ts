/**
 * Sends what a display's proof queue holds, batch by batch, until it is empty or the hub stops
 * answering. Shared by the kiosk and the screen: the rules for what an answer means are the same.
 */
import type { KioskShowing } from "../../../controller/src/contract/kiosk.js";
import type { KioskConnection } from "./connection.js";
import type { ProofQueue } from "./proof-queue.js";

export type FlushOutcome = "done" | "offline" | "not-enrolled";

/** A record waits this long for others to go with it. */
const DEBOUNCE_MS = 2_000;
/** And whatever is left is tried again this often (the hub was away, or busy). */
const RETRY_EVERY_MS = 30_000;

export interface SenderHooks {
  /** What the display shows now, sent with each batch. */
  showing: () => KioskShowing | undefined;
  /** Only an enrolled display sends: the hub would store nothing of another. */
  enrolled: () => boolean;
  /** The hub says the token is no longer good: the display shows its pairing code again. */
  notEnrolled: () => void;
}

/** Sends a display's queue soon after a record is added, and every RETRY_EVERY_MS; one flush at a time. */
export class ProofSender {
  #flushing = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #interval: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly queue: ProofQueue,
    private readonly connection: KioskConnection,
    private readonly hooks: SenderHooks,
  ) {}

  start(): void {
    this.#interval = setInterval(() => void this.flush(), RETRY_EVERY_MS);
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#interval);
  }

  /** A record was added: send it with what follows within DEBOUNCE_MS. */
  soon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  async flush(): Promise<void> {
    if (this.#flushing || !this.connection.ready || !this.hooks.enrolled()) return;
    this.#flushing = true;
    try {
      const outcome = await flushProof(this.connection, this.queue, this.hooks.showing);
      if (outcome === "not-enrolled") this.hooks.notEnrolled();
    } finally {
      this.#flushing = false;
    }
  }
}

async function flushProof(
  connection: KioskConnection,
  queue: ProofQueue,
  showing: () => KioskShowing | undefined,
): Promise<FlushOutcome> {
  for (;;) {
    const pending = queue.nextBatch();
    if (!pending) return "done";
    const shown = showing();
    let ack: Awaited<ReturnType<KioskConnection["sendProof"]>>;
    try {
      ack = await connection.sendProof(shown ? { ...pending.batch, showing: shown } : pending.batch);
    } catch {
      // No ack (offline, timeout): the records stay queued and go with a later flush.
      return "offline";
    }
    if ("ok" in ack) {
      // Refused records (implausible) are dropped with the rest: the hub would never take them.
      if (ack.refused?.length) console.warn("the hub refused implausible records", ack.refused);
      queue.acknowledge(pending.keys);
    } else if (ack.error.code === "not-enrolled") {
      // Revoked while connected: keep everything; the pairing code shows again after a new hello.
      return "not-enrolled";
    } else if (ack.error.code === "invalid") {
      // A batch the hub will never take would block every later one: drop it, say so in the console.
      console.warn("the hub refused a proof batch; dropping it", ack.error);
      queue.acknowledge(pending.keys);
    } else {
      return "offline";
    }
  }
}
