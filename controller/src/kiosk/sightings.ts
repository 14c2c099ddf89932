/**
 * Kiosks' sightings (last seen, what each shows), written as they happen and kept for later when the
 * store refuses one. The registry itself is store/kiosk-registry-repo.ts.
 */
import type { Logger } from "../log.js";
import { MAX_KIOSKS, type Sighting } from "../store/kiosk-registry-repo.js";

/**
 * Sightings are written when they happen; one the store refused (SQLITE_BUSY behind a backup,
 * SQLITE_FULL, a low disk) waits here and is written by a timer later, the newest per kiosk.
 * Bounded by the registry's cap: only enrolled kiosks are sighted.
 */
export class SightingWriter {
  readonly #pending = new Map<string, Sighting>();
  #timer: NodeJS.Timeout | undefined;
  /** Writes that failed and were kept for later (for /healthz). */
  deferred = 0;

  constructor(
    private readonly write: (id: string, seen: Sighting) => void,
    private readonly logger: Logger,
    private readonly retryMs = 5_000,
  ) {}

  seen(id: string, seen: Sighting): void {
    const merged = this.#merge(id, seen);
    try {
      this.write(id, merged);
      this.#pending.delete(id);
    } catch (error) {
      this.#defer(id, merged, error);
    }
  }

  get pending(): number {
    return this.#pending.size;
  }

  /** Writes what waits; the ones that fail again keep waiting. Never throws. */
  flush(): void {
    for (const [id, seen] of [...this.#pending]) {
      try {
        this.write(id, seen);
        this.#pending.delete(id);
      } catch {
        return; // the store still refuses: try the rest next time
      }
    }
    if (this.#pending.size === 0) this.#stopTimer();
  }

  stop(): void {
    this.#stopTimer();
  }

  #merge(id: string, seen: Sighting): Sighting {
    const earlier = this.#pending.get(id);
    if (!earlier) return seen;
    return {
      // ISO instants in one form: the later sorts last.
      lastSeen: [seen.lastSeen, earlier.lastSeen].sort()[1] ?? seen.lastSeen,
      userAgent: seen.userAgent ?? earlier.userAgent ?? null,
      ...((seen.showing ?? earlier.showing) ? { showing: seen.showing ?? earlier.showing } : {}),
    };
  }

  #defer(id: string, seen: Sighting, error: unknown): void {
    this.deferred++;
    if (this.#pending.size >= MAX_KIOSKS * 2 && !this.#pending.has(id)) return;
    this.#pending.set(id, seen);
    if (this.#pending.size === 1) {
      this.logger.warn({ err: error, kiosk: id }, "could not record a kiosk's sighting; retrying later");
    }
    if (!this.#timer) {
      this.#timer = setInterval(() => this.flush(), this.retryMs);
      this.#timer.unref();
    }
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
