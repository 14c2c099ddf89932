/**
 * The data disk and the gate PC's calendar jobs, as `/healthz` says (public: every operator sees a
 * full disk or a damaged database on the overview, not only supervisors).
 */
import type { MaintenanceHealth } from "../../../../controller/src/contract/maintenance.js";

export type {
  DiskStatus,
  JobHealth,
  MaintenanceHealth,
} from "../../../../controller/src/contract/maintenance.js";

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
