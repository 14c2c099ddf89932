/** Users (admin). Password hashes never leave the controller. */

import type { Role, UserRow } from "../../../../controller/src/contract/accounts.js";
import type { ApiClient, Result } from "./http.js";
import { seg } from "./http.js";

export type { UserRow };

export function list(api: ApiClient): Promise<Result<UserRow[]>> {
  return api.get("/users");
}

export function create(
  api: ApiClient,
  user: { username: string; role: Role; password: string },
): Promise<Result<UserRow>> {
  return api.post("/users", user);
}

/** Removes a user's second factor (a lost phone); they set up a new one at their next login. */
export function resetSecondFactor(api: ApiClient, username: string): Promise<Result<undefined>> {
  return api.delete(`/users/${seg(username)}/second-factor`);
}

export function change(
  api: ApiClient,
  username: string,
  change: { role?: Role; disabled?: boolean; password?: string },
): Promise<Result<UserRow>> {
  return api.patch(`/users/${seg(username)}`, change);
}
