/**
 * What every channel shows at an instant, and why: `GET /now?at=&draft=`, the resolver's answer as
 * the console's overview and preview read it.
 */
import type { EmergencyNotice } from "./content.js";

export interface NowEntry {
  itemId: string;
  /** @deprecated The same id on LED entries, kept one release for older clients: read `itemId`. */
  messageId?: string;
  scheduleId: string | null;
  holiday?: string;
  priority: number;
  level: "interrupt" | "holiday" | "normal" | "default" | "emergency";
  reason: string;
}

/** The emergency notice showing at that instant, as the resolver chose it. */
export type NowAlert = Omit<EmergencyNotice, "clearedAt">;

export interface NowAnswer {
  at: string;
  gate: string;
  channels: { id: string; kind: "kiosk" | "sign"; entries: NowEntry[] }[];
  alert?: NowAlert;
  nextChangeAt: string | null;
  /** Present when asked with `draft`: the drafts were laid over live content. */
  draft?: boolean;
}
