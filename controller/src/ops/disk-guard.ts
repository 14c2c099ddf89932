import { statfs, statfsSync } from "node:fs";
import type { DiskState, DiskStatus } from "../contract/maintenance.js";
import type { Logger } from "../log.js";

/**
 * Free space on the data disk, and the one gate every new record passes: under the floor the gate
 * keeps showing content (reads never ask) but refuses to add data, with a reason an operator can act
 * on. Sampled on a timer, not per write: a statfs per proof batch would cost more than the batch.
 */

const MB = 1024 * 1024;

/** A write refused because the data disk is (nearly) full. HTTP routes answer it with 507. */
export class DiskLowError extends Error {
  override name = "DiskLowError";
  readonly code = "disk-low";
  constructor(
    readonly what: string,
    readonly freeBytes: number,
    readonly floorBytes: number,
    /** Set when the disk is above its floor but this write would take it under. */
    readonly neededBytes = 0,
  ) {
    super(
      neededBytes > 0
        ? `${what} refused: its ${formatMb(neededBytes)} would leave the data disk under its floor of ` +
            `${formatMb(floorBytes)} (${formatMb(freeBytes)} free); screens keep showing content`
        : `${what} refused: the data disk has ${formatMb(freeBytes)} free, under the floor of ` +
            `${formatMb(floorBytes)}; screens keep showing content, new records wait until space is freed`,
    );
  }
}

// The console shows the disk as /healthz reports it: the contract defines the status.
export type { DiskState, DiskStatus } from "../contract/maintenance.js";

export interface DiskGuardOptions {
  /** The floor in bytes, whatever the disk's size. */
  minFreeBytes: number;
  /** The floor as a share of the disk; the larger of the two applies. */
  minFreePercent: number;
  checkIntervalMs: number;
}

export interface FsSpace {
  freeBytes: number;
  totalBytes: number;
}

type StatfsAsync = (dir: string) => Promise<FsSpace>;

function readSpace(stats: { bavail: number | bigint; blocks: number | bigint; bsize: number | bigint }) {
  const bsize = Number(stats.bsize);
  return { freeBytes: Number(stats.bavail) * bsize, totalBytes: Number(stats.blocks) * bsize };
}

const statfsAsync: StatfsAsync = (dir) =>
  new Promise((resolve, reject) =>
    statfs(dir, (error, stats) => (error ? reject(error) : resolve(readSpace(stats)))),
  );

/** The floor for a disk of `totalBytes`: the larger of the fixed floor and the share. */
export function floorFor(
  totalBytes: number,
  options: Pick<DiskGuardOptions, "minFreeBytes" | "minFreePercent">,
) {
  return Math.max(options.minFreeBytes, Math.round((totalBytes * options.minFreePercent) / 100));
}

/** 10 % above the floor, at least 1 MB: far enough that one upload's delete does not flap the state. */
export function resumeFor(floorBytes: number): number {
  return floorBytes + Math.max(MB, Math.round(floorBytes / 10));
}

/** The next state from a sample; pure, so the hysteresis is tested without a disk. */
export function nextDiskState(current: DiskState, freeBytes: number, floorBytes: number): DiskState {
  if (freeBytes < floorBytes) return "low";
  if (current === "low" && freeBytes < resumeFor(floorBytes)) return "low";
  return "ok";
}

/** SQLite or the kernel saying the disk is full. */
export function isDiskFullError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_FULL" || code === "ENOSPC" || code === "EDQUOT";
}

export class DiskGuard {
  private state: DiskState = "unknown";
  private freeBytes: number | null = null;
  private totalBytes: number | null = null;
  private checkedAt: string | null = null;
  private since = new Date().toISOString();
  private error: string | undefined;
  private refused = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;
  private readonly listeners = new Set<(status: DiskStatus) => void>();

  constructor(
    readonly dir: string,
    private readonly options: DiskGuardOptions,
    private readonly logger: Logger,
    private readonly space: StatfsAsync = statfsAsync,
  ) {
    // A first sample before any request: a gate that starts on a full disk refuses from the start.
    try {
      this.apply(readSpace(statfsSync(dir)));
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sample(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get isLow(): boolean {
    return this.state === "low";
  }

  /** Throws DiskLowError when the disk is under its floor; `what` names the refused record. */
  assertWritable(what: string): void {
    if (this.state !== "low") return;
    this.refused++;
    throw new DiskLowError(what, this.freeBytes ?? 0, this.floorBytes());
  }

  /** assertWritable, and also refuses a write of `bytes` that would take free space under the floor. */
  assertRoomFor(what: string, bytes: number): void {
    this.assertWritable(what);
    if (bytes <= 0 || this.freeBytes === null) return;
    const floor = this.floorBytes();
    if (this.freeBytes - bytes < floor) {
      this.refused++;
      throw new DiskLowError(what, this.freeBytes, floor, bytes);
    }
  }

  /**
   * Runs a write after assertWritable; a SQLITE_FULL or ENOSPC it meets becomes a DiskLowError and
   * puts the guard in low-disk mode at once (the disk filled between two samples).
   */
  guard<T>(what: string, write: () => T): T {
    this.assertWritable(what);
    try {
      return write();
    } catch (error) {
      throw this.translate(what, error);
    }
  }

  /** A disk-full error becomes a DiskLowError (and low-disk mode); anything else is returned as is. */
  translate(what: string, error: unknown): unknown {
    if (!isDiskFullError(error)) return error;
    this.noteFull();
    this.refused++;
    return new DiskLowError(what, this.freeBytes ?? 0, this.floorBytes());
  }

  /** A write met a full disk: go low now, and sample again to know how full. */
  noteFull(): void {
    // Read now (microseconds, and only on a failed write) so the refusal states the real free space.
    try {
      const space = readSpace(statfsSync(this.dir));
      this.freeBytes = space.freeBytes;
      this.totalBytes = space.totalBytes;
      this.checkedAt = new Date().toISOString();
    } catch {
      // keep the last sample
    }
    if (this.state !== "low") this.setState("low");
  }

  /** Samples now; concurrent callers share one statfs. */
  sample(): Promise<void> {
    this.sampling ??= this.space(this.dir)
      .then(
        (space) => this.apply(space),
        (error: Error) => {
          if (this.error !== error.message) {
            this.logger.warn({ err: error, dir: this.dir }, "cannot read the data disk's free space");
          }
          this.error = error.message;
        },
      )
      .finally(() => {
        this.sampling = undefined;
      });
    return this.sampling;
  }

  onChange(listener: (status: DiskStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  floorBytes(): number {
    return floorFor(this.totalBytes ?? 0, this.options);
  }

  status(): DiskStatus {
    const floorBytes = this.floorBytes();
    return {
      state: this.state,
      freeBytes: this.freeBytes,
      totalBytes: this.totalBytes,
      floorBytes,
      resumeBytes: resumeFor(floorBytes),
      checkedAt: this.checkedAt,
      since: this.since,
      ...(this.error ? { error: this.error } : {}),
      refused: this.refused,
    };
  }

  private apply(space: FsSpace): void {
    this.freeBytes = space.freeBytes;
    this.totalBytes = space.totalBytes;
    this.checkedAt = new Date().toISOString();
    this.error = undefined;
    const next = nextDiskState(this.state, space.freeBytes, this.floorBytes());
    if (next !== this.state) this.setState(next);
  }

  private setState(next: DiskState): void {
    const previous = this.state;
    this.state = next;
    this.since = new Date().toISOString();
    const status = this.status();
    if (next === "low") {
      this.logger.warn(
        { freeBytes: status.freeBytes, floorBytes: status.floorBytes, dir: this.dir },
        "data disk low: refusing new records until space is freed (content keeps playing)",
      );
    } else if (previous === "low") {
      this.logger.info(
        { freeBytes: status.freeBytes, refused: this.refused, dir: this.dir },
        "data disk has space again: accepting new records",
      );
      this.refused = 0;
    }
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.logger.error({ err: error }, "a disk-state listener failed");
      }
    }
  }
}

function formatMb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
