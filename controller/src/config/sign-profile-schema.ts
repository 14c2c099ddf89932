import { z } from "zod";
import { idSchema, langSchema } from "../domain/schemas.js";
import { protocolNames } from "../signs/protocols/index.js";
import { serialSettingsSchema } from "./site-schema.js";

/** A sign model as the controller must drive it (`firmware-config/signs/<id>.yaml`). */
export const signProfileSchema = z.strictObject({
  version: z.literal(1, { error: "expected version: 1" }),
  id: idSchema,
  model: z.string().min(1),
  /** A key of the protocol registry (`signs/protocols/index.ts`). */
  protocol: z.enum(protocolNames),
  panel: z.strictObject({
    width: z.number().int().min(8).max(1024),
    height: z.number().int().min(7).max(256),
  }),
  /** 1 = single colour, 3 = red/green/amber (Alpha tri-colour, BX-5 two-plane). */
  colors: z.union([z.literal(1), z.literal(3)]),
  serial: serialSettingsSchema,
  /** Display modes the firmware supports; text that needs scrolling is refused on a sign without it. */
  modes: z.array(z.enum(["hold", "rotate", "scroll", "flash"])).min(1),
  memory: z.strictObject({
    textFiles: z.number().int().min(1).max(64),
    pictureFiles: z.number().int().min(0).max(64),
    bytes: z.number().int().min(256),
  }),
  /** Signs lose RAM files on a power cut: how often to read back and re-send, in seconds. */
  refreshIntervalS: z.number().int().min(10).max(86_400).default(300),
  /**
   * Per language, what replaces its script rule on this sign (`signs/render/script-rules.ts`), e.g.
   * `layout: { km: { size: fit-panel } }`. Absent: the rules chosen by script and panel height.
   */
  layout: z
    .partialRecord(
      langSchema,
      z.strictObject({
        lines: z.union([z.literal(1), z.literal(2)]).optional(),
        size: z.enum(["fit-panel", "fill-height"]).optional(),
        maxSize: z.number().int().min(6).max(64).optional(),
        holdMinSize: z.number().int().min(6).max(64).optional(),
      }),
    )
    .optional(),
});

export type SignProfile = z.infer<typeof signProfileSchema>;
