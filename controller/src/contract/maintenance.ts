/**
 * The data disk and the gate PC's calendar jobs, as `/healthz` reports them (public: every operator
 * sees a full disk or a damaged database on the overview, not only supervisors).
 */

export type DiskState = "ok" | "low" | "unknown";

export interface DiskStatus {
  state: DiskState;
  /** Bytes an unprivileged process may still write (statfs bavail). */
  freeBytes: number | null;
  totalBytes: number | null;
  /** Under this the disk is low. */
  floorBytes: number;
  /** Once low, free space must climb back to this (hysteresis: no flapping around the floor). */
  resumeBytes: number;
  checkedAt: string | null;
  /** When the current state began. */
  since: string;
  /** Why the last sample failed (the disk keeps its previous state meanwhile). */
  error?: string;
  /** Writes refused since the disk went low. */
  refused: number;
}

export type JobOutcome = "ok" | "warning" | "failed";

/** Why a backup did not run, in words the console chooses itself. */
export type BackupSkip = "no-location" | "location-missing" | "same-disk" | "no-space";

export interface JobHealth {
  outcome: JobOutcome | null;
  lastRunAt: string | null;
  lastOkAt: string | null;
  running: boolean;
  message: string | null;
  /** Why a backup did not run, when it is one the console can word itself. */
  code: BackupSkip | null;
  /** The backup folder the code is about. */
  dir: string | null;
}

/** The `maintenance` part of `/healthz`: each job's last outcome; degraded when the database failed its check. */
// A type, not an interface: a /healthz section is any record of values, which an interface is not.
export type MaintenanceJobsHealth = {
  degraded: boolean;
  backup?: JobHealth;
  prune?: JobHealth;
  integrity?: JobHealth;
};

/** The parts of `/healthz` the console reads about the disk and the jobs. */
export interface MaintenanceHealth {
  disk?: DiskStatus;
  maintenance?: MaintenanceJobsHealth;
}
