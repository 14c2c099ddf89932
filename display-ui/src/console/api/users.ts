/** Users (admin). Password hashes never leave the controller. */
import type { ApiClient, Result } from "./http.js";
import { seg } from "./http.js";
import type { Role } from "./session.js";

export interface UserRow {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export function list(api: ApiClient): Promise<Result<UserRow[]>> {
  return api.get("/users");
}

export function create(
  api: ApiClient,
  user: { username: string; role: Role; password: string },
): Promise<Result<UserRow>> {
  return api.post("/users", user);
}

export function change(
  api: ApiClient,
  username: string,
  change: { role?: Role; disabled?: boolean; password?: string },
): Promise<Result<UserRow>> {
  return api.patch(`/users/${seg(username)}`, change);
}
