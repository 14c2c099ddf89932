/** LED signs: their status and previews of exactly the pixels a sign gets (see docs/signs.md). */
import type { RenderRequest, SignRender, SignStatus } from "../../../../controller/src/contract/signs.js";

export {
  parseSignLayouts,
  SIGN_LAYOUT_HEADER,
  type SignFrameLayout,
} from "../../../../controller/src/contract/signs.js";

import { type ApiClient, type Result, seg } from "./http.js";

export type { RenderRequest, SignRender, SignStatus };

export function list(api: ApiClient): Promise<Result<SignStatus[]>> {
  return api.get("/signs");
}

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
