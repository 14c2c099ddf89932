/** The logged-in user's own second factor (`/api/v1/account/second-factor`); see docs/api.md. */
import type { Enrolment, SecondFactorStatus } from "../../../../controller/src/contract/accounts.js";
import type { ApiClient, Result } from "./http.js";

export type { Enrolment, SecondFactorStatus };

export function status(api: ApiClient): Promise<Result<SecondFactorStatus>> {
  return api.get("/account/second-factor");
}

export function begin(api: ApiClient): Promise<Result<Enrolment>> {
  return api.post("/account/second-factor/enrolment", {});
}

/** Confirms with a current code; answers the ten recovery codes, shown this once. */
export function confirm(
  api: ApiClient,
  code: string,
): Promise<Result<{ enabled: true; recoveryCodes: string[] }>> {
  return api.post("/account/second-factor/confirmation", { code });
}
