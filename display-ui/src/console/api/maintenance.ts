/**
 * The data disk and the gate PC's calendar jobs, as `/healthz` says (public: every operator sees a
 * full disk or a damaged database on the overview, not only supervisors).
 */
import type { DiskStatus } from "../../../../controller/src/ops/disk-guard.js";
import type { BackupSkip } from "../../../../controller/src/ops/maintenance.js";
import type { JobOutcome } from "../../../../controller/src/store/maintenance-repo.js";

export type { DiskStatus };

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

export interface MaintenanceHealth {
  disk?: DiskStatus;
  maintenance?: { degraded: boolean; backup?: JobHealth; prune?: JobHealth; integrity?: JobHealth };
}

/** undefined: the controller could not be asked. */
export async function health(): Promise<MaintenanceHealth | undefined> {
  try {
    const res = await fetch("/healthz", { headers: { accept: "application/json" } });
    if (!res.ok) return undefined;
    return (await res.json()) as MaintenanceHealth;
  } catch {
    return undefined;
  }
}
