/** LED signs: their status and previews of exactly the pixels a sign gets (see docs/signs.md). */
import type { Localized } from "../../../../controller/src/domain/types.js";
import { type ApiClient, type Result, seg } from "./http.js";

export interface SignStatus {
  id: string;
  name: string;
  profile: string;
  protocol: string;
  panel: { width: number; height: number };
  colors: number;
  state: string;
  connected: boolean;
  /** null until the sign first answers. */
  responding: boolean | null;
  virtual?: string | null;
  lastError: string | null;
  errors: number;
  lastSentAt?: string | null;
  showing?: { itemIds: string[]; problems: string[] } | null;
}

export function list(api: ApiClient): Promise<Result<SignStatus[]>> {
  return api.get("/signs");
}

export type RenderRequest = { text: Localized } | { messageId: string };

/** The PNG the sign would get (every language frame stacked), each LED drawn `scale` px. */
export function render(
  api: ApiClient,
  sign: string,
  request: RenderRequest,
  scale = 4,
): Promise<Result<Blob>> {
  return api.request<Blob>("POST", `/signs/${seg(sign)}/render`, {
    body: request,
    query: { scale },
    blob: true,
  });
}
