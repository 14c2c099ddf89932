/** Kiosks: the registry, pending pairing requests, approving a code, revoking a kiosk. */
import type { KioskPairingRequest, KioskRecord } from "../../../../controller/src/contract/kiosk.js";
import type { ApiClient, Result } from "./http.js";
import { seg } from "./http.js";

export type { KioskPairingRequest, KioskRecord };

export function list(api: ApiClient): Promise<Result<KioskRecord[]>> {
  return api.get("/kiosks");
}

export function pairings(api: ApiClient): Promise<Result<KioskPairingRequest[]>> {
  return api.get("/kiosks/pairings");
}

export function approve(
  api: ApiClient,
  code: string,
  body: { name: string; channel: string; kioskId?: string },
): Promise<Result<KioskRecord>> {
  return api.post(`/kiosks/pairings/${seg(code)}/approve`, body);
}

export function revoke(api: ApiClient, id: string): Promise<Result<KioskRecord>> {
  return api.post(`/kiosks/${seg(id)}/revoke`);
}
