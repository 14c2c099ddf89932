/** LED signs as `GET /signs` lists them, and what a preview (`POST /signs/:id/render`) is asked. */
import type { Localized } from "./content.js";

/** A sign's status as sent; the fields after `errors` came later and may be absent. */
export interface SignStatusView {
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

/** A preview of free text, or of an item's LED text (`messageId` is its item id). */
export type RenderRequest = { text: Localized } | { messageId: string };
