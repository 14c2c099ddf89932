/**
 * The central office's side (`role: central`): programs composed and signed for the gates, and the
 * fleet of gates with their latest heartbeats. See docs/central.md.
 */
import type {
  FleetGate,
  Manifest,
  Program,
  ProgramRow,
} from "../../../../controller/src/contract/central.js";
import { type ApiClient, type Result, seg } from "./http.js";

export type {
  FleetGate,
  Heartbeat,
  HeartbeatSign,
  Manifest,
  Program,
  ProgramRow,
} from "../../../../controller/src/contract/central.js";

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

export function fleet(api: ApiClient): Promise<Result<FleetGate[]>> {
  return api.get("/central/fleet");
}
