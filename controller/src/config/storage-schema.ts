/**
 * The site file's `storage:` (disk floor, budgets, retention) and `maintenance:` (the gate PC's
 * calendar jobs) sections. Every field has a default: a site file without them gets a safe gate.
 */
import { z } from "zod";
import { DEFAULT_RETENTION_DAYS } from "../ops/retention-policy.js";

/** Megabytes a table may take before its oldest rows are pruned (even rows not yet uploaded). */
export const budgetsSchema = z.strictObject({
  proofOfPlayMB: z.number().int().min(1).default(4096),
  kioskSessionsMB: z.number().int().min(1).default(1024),
  signEventsMB: z.number().int().min(1).default(512),
  auditMB: z.number().int().min(1).default(512),
  syncLogMB: z.number().int().min(1).default(64),
  /** Items a screen could not play (a broken video is retried, and skipped, at every turn of the loop). */
  playSkipsMB: z.number().int().min(1).default(64),
  /** At a central office: everything the gates uploaded (plays, sessions, sign events) together. */
  centralUploadsMB: z.number().int().min(1).default(32_768),
  /** All media files together: an upload that would pass it is refused (media in use is never deleted). */
  mediaMB: z.number().int().min(1).default(20_480),
});

export const storageSchema = z.strictObject({
  /** Under max(minFreeMB, minFreePercent of the disk) free, the gate refuses new records. */
  minFreeMB: z.number().int().min(1).max(1_000_000).default(200),
  minFreePercent: z.number().min(0).max(50).default(5),
  /** How often free space is sampled. */
  checkIntervalS: z.number().int().min(1).max(3600).default(15),
  /** Proof of play, kiosk sessions and sign events older than this are pruned (gate time, whole days). */
  retentionDays: z.number().int().min(31).max(3660).default(DEFAULT_RETENTION_DAYS),
  /** The audit log is kept longer: it is small and it is the record of who changed what. */
  auditRetentionDays: z.number().int().min(31).max(36_600).default(1830),
  budgets: budgetsSchema.default(budgetsSchema.parse({})),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (gate time, 24 h)");

export const maintenanceSchema = z.strictObject({
  backup: z
    .strictObject({
      /**
       * An absolute folder on another disk (a USB disk's mount point, a second partition). Absent:
       * no nightly backup (the status says so). Missing at the hour: a warning, tried again next night.
       */
      dir: z.string().startsWith("/", "expected an absolute path such as /media/gatecast-backup").optional(),
      at: clockTime.default("02:30"),
      keepNightly: z.number().int().min(1).max(60).default(7),
      keepWeekly: z.number().int().min(0).max(52).default(4),
      /** Off: a folder on DATA_DIR's own disk is refused (an unmounted USB mount point is one). */
      allowSameDisk: z.boolean().default(false),
    })
    .default({ at: "02:30", keepNightly: 7, keepWeekly: 4, allowSameDisk: false }),
  prune: z.strictObject({ at: clockTime.default("03:15") }).default({ at: "03:15" }),
  integrity: z
    .strictObject({
      at: clockTime.default("04:00"),
      /** ISO weekday: 1 = Monday … 7 = Sunday. */
      weekday: z.number().int().min(1).max(7).default(7),
      /** `quick` (PRAGMA quick_check) skips the index cross-checks: minutes less on a big database. */
      mode: z.enum(["full", "quick"]).default("full"),
    })
    .default({ at: "04:00", weekday: 7, mode: "full" }),
});

export type StorageConfig = z.infer<typeof storageSchema>;
export type MaintenanceConfig = z.infer<typeof maintenanceSchema>;
export type BudgetsConfig = z.infer<typeof budgetsSchema>;
