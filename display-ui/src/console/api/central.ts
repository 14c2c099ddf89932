/**
 * The central office's side (`role: central`): programs composed and signed for the gates, and the
 * fleet of gates with their latest heartbeats. See docs/central.md.
 */
import type { Manifest } from "../../../../controller/src/central/manifest.js";
import type { Program } from "../../../../controller/src/central/office.js";
import { type ApiClient, type Result, seg } from "./http.js";

export type { Manifest, Program };

/** A program as listed: the document as composed, and the newest version signed (null: never). */
export type ProgramRow = Program & { latestVersion: number | null };

export function programs(api: ApiClient): Promise<Result<ProgramRow[]>> {
  return api.get("/central/programs");
}

export function program(api: ApiClient, id: string): Promise<Result<Program>> {
  return api.get(`/central/programs/${seg(id)}`);
}

/** Creates (201) or replaces (200) the whole program; 400 names the field at fault. */
export function saveProgram(api: ApiClient, program: Program): Promise<Result<Program>> {
  return api.post("/central/programs", program);
}

/** Signs the next version: 201 with the manifest; 503 `no-signing-key`; 409 when validUntil passed. */
export function publish(api: ApiClient, id: string): Promise<Result<Manifest>> {
  return api.post(`/central/programs/${seg(id)}/publish`);
}

/** A sign as a gate reports it; only `id` is sure to be there (the rest came later). */
export interface HeartbeatSign {
  id: string;
  name?: string;
  state?: string;
  online?: boolean;
  responding?: boolean | null;
  lastError?: string | null;
  showing?: string[];
}

/** What a gate sent last (after each poll of the central). */
export interface Heartbeat {
  gate: string;
  version: string;
  now?: { at: string; channels: { id: string; items: (string | null)[] }[] };
  signs?: HeartbeatSign[];
  lastSync?: string | null;
  freeDiskBytes?: number | null;
  /** Low-disk mode: the gate refuses new records (content keeps playing) until space is freed. */
  disk?: { state: "ok" | "low" | "unknown"; freeBytes: number | null; floorBytes: number; since: string };
  programs?: { programId: string; version: number }[];
  /** The gate's last upload of proof of play, as it saw it (an error: why it stopped). */
  uploads?: { at: string; batches: number; rows: number; more: boolean; error: string | null } | null;
}

export interface FleetGate {
  id: string;
  name: string;
  lastHeartbeatAt: string | null;
  /** Silent for 3 poll intervals, or never heard from. */
  stale: boolean;
  heartbeat: Heartbeat | null;
  /** What the office holds of the gate's proof of play (the reports' source); null: nothing yet. */
  uploads?: { lastAt: string; plays: number; sessions: number; signEvents: number } | null;
}

export function fleet(api: ApiClient): Promise<Result<FleetGate[]>> {
  return api.get("/central/fleet");
}
