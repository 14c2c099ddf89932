/**
 * The per-gate site configuration (`firmware-config/sites/<gate>.yaml`).
 * Versioned: a future `version: 2` gets a migration in load-site.ts, never a silent reinterpretation.
 */
import { z } from "zod";
import { idSchema, langSchema } from "../domain/schemas.js";
import { reportDocumentSchema } from "./report-schema.js";
import { maintenanceSchema, storageSchema } from "./storage-schema.js";

const namesSchema = z.strictObject({ vi: z.string().min(1), en: z.string().min(1) }).catchall(z.string());

export const serialSettingsSchema = z.strictObject({
  baudRate: z.union([
    z.literal(1200),
    z.literal(2400),
    z.literal(4800),
    z.literal(9600),
    z.literal(19200),
    z.literal(38400),
    z.literal(57600),
    z.literal(115200),
  ]),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(["none", "even", "odd"]).default("none"),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
});

export const signSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  /** A profile in firmware-config/signs/ (model, protocol, panel size, serial defaults). */
  profile: idSchema,
  /**
   * A stable serial path (`/dev/serial/by-id/…` or a udev name). Absent: the controller attaches
   * a virtual sign, so a gate without hardware (or a laptop demo) still shows what a sign would.
   */
  port: z.string().startsWith("/", "expected an absolute device path").optional(),
  /** Overrides the profile's serial settings for this unit. */
  serial: serialSettingsSchema.partial().optional(),
  /** Protocol address: Alpha two-character address, BX-5 screen address. */
  address: z.string().min(1).max(4).default("00"),
});

export const kioskGroupSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  /** Seconds without a touch before the kiosk returns to its attract loop and default language. */
  idleTimeoutS: z.number().int().min(10).max(3600).default(60),
});

const gateClockSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time HH:MM between 00:00 and 23:59");

/**
 * A big LED screen (an LED wall behind an HDMI sending card, or a large TV) running the player at
 * `/screen/?id=<id>`. Its pixel size is the wall's own (odd sizes such as 768×432 are usual): the player
 * lays text out for exactly that size.
 */
export const screenSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  width: z.number().int().min(64, "expected at least 64 px").max(16_384, "expected at most 16384 px"),
  height: z.number().int().min(64, "expected at least 64 px").max(16_384, "expected at most 16384 px"),
  /** Absent: from the size (taller than wide is portrait). */
  orientation: z.enum(["landscape", "portrait"]).optional(),
  sound: z
    .strictObject({
      enabled: z.boolean().default(false),
      volume: z.number().int().min(0).max(100).default(60),
      /** Gate-time spans of silence (night, prayer, ceremonies); end ≤ start wraps past midnight. */
      quietHours: z
        .array(
          z
            .strictObject({ start: gateClockSchema, end: gateClockSchema })
            .refine((q) => q.start !== q.end, { path: ["end"], message: "equals start: an empty span" }),
        )
        .max(8)
        .default([]),
    })
    .default({ enabled: false, volume: 60, quietHours: [] }),
  /** The languages it rotates through (the gate's own; default all of them, in the gate's order). */
  languages: z.array(langSchema).min(1).optional(),
  /** Seconds each language of a text slide stays up. */
  slideLanguageS: z.number().int().min(3).max(120).default(8),
  /** The standing notice line along the bottom, per language (the gate's languages). */
  ticker: z.partialRecord(langSchema, z.string().trim().min(1).max(300)).default({}),
});

/**
 * A key the gate trusts to sign central programs. `publicKey` is the raw 32-byte Ed25519 key in
 * base64 (as `gatecast keys generate` prints it) or a PEM SPKI block; `id` is the key id (first 16
 * hex digits of the sha256 of the raw key). `validFrom`/`validUntil` bound the manifests' `createdAt`
 * (key rotation: old and new keys are both trusted for a window); `revoked: true` refuses the key
 * whatever the dates.
 */
export const trustedKeySchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/, "expected a key id: 16 lower-case hex digits"),
  publicKey: z.string().min(40, "expected a base64 raw Ed25519 key or a PEM SPKI block"),
  validFrom: z.iso.datetime({ offset: true }).optional(),
  validUntil: z.iso.datetime({ offset: true }).optional(),
  revoked: z.boolean().default(false),
});

/** At a gate (`role: gate`): where its central office is and whom it trusts. */
export const gateCentralSchema = z.strictObject({
  /** The central office's base URL; absent: no polling (USB imports still work). */
  url: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://central.example.vn" })
    .optional(),
  pollIntervalS: z.number().int().min(10).max(86_400).default(300),
  /** A file holding this gate's heartbeat token (never the token itself in the repo). */
  tokenFile: z.string().startsWith("/", "expected an absolute path").optional(),
  trustedKeys: z.array(trustedKeySchema).default([]),
  /** A download with no byte for this long is cut (and retried at the next poll). Default 60. */
  downloadIdleTimeoutS: z.number().int().min(1).max(3600).optional(),
  /** Each file's deadline: downloadGraceS + its signed size / downloadMinBytesPerS. Defaults 120, 16384. */
  downloadGraceS: z.number().int().min(1).max(86_400).optional(),
  downloadMinBytesPerS: z.number().int().min(1024).optional(),
  /**
   * Downloads from the central are paced to `capKbps` (kbit/s) so the gate's own traffic stays usable;
   * inside `uncappedHours` (gate time, may cross midnight) the cap is lifted. Absent: no cap.
   */
  bandwidth: z
    .strictObject({
      capKbps: z.number().int().min(8, "expected at least 8 kbit/s").max(10_000_000).optional(),
      uncappedHours: z
        .strictObject({
          start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time HH:MM such as 22:00"),
          end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time HH:MM such as 06:00"),
        })
        .optional(),
    })
    .optional(),
});

/** An https URL a traveler's phone may open: no other scheme, bounded so it fits any QR code we draw. */
const publicUrlSchema = z
  .url({ protocol: /^https$/, error: "expected an https URL such as https://cuakhau.example.vn/trang/" })
  .max(500, "expected a URL of at most 500 characters");

/**
 * "Take it with you": where the kiosk's QR code sends a phone instead of carrying the page's text.
 * An item's URL is `publicUrls[id]`, else `publicBaseUrl` + its id; the kiosk adds `?lang=`.
 * Absent (the default): every code carries the page itself, which needs no network.
 */
export const takeAwaySchema = z.strictObject({
  publicBaseUrl: publicUrlSchema
    .refine(
      (url) => !/[?#]/.test(url),
      "expected a base URL without ?query or #fragment: the item id is appended",
    )
    .optional(),
  publicUrls: z
    .record(idSchema, publicUrlSchema)
    .refine((urls) => Object.keys(urls).length <= 1000, "expected at most 1000 item URLs")
    .optional(),
});

/** At the central office (`role: central`): the gates it serves. */
export const officeCentralSchema = z.strictObject({
  gates: z.array(
    z.strictObject({
      id: idSchema,
      name: z.string().min(1),
      /** sha256 (hex) of the gate's heartbeat token: the repo never holds the token. */
      tokenSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, "expected the sha256 of the token in hex")
        .optional(),
    }),
  ),
});

export const siteSchema = z
  .strictObject({
    version: z.literal(1, { error: "expected version: 1 (the only config version this controller reads)" }),
    id: idSchema,
    role: z.enum(["gate", "central"]).default("gate"),
    name: namesSchema,
    province: namesSchema,
    neighbour: z.strictObject({
      country: z.enum(["CN", "LA", "KH"]),
      name: namesSchema,
      gate: namesSchema,
    }),
    timezone: z.literal("Asia/Ho_Chi_Minh").default("Asia/Ho_Chi_Minh"),
    /** Languages every item must have, in the order the kiosk offers them. Vietnamese first. */
    languages: z.array(langSchema).min(1),
    /** The folder under content/packs/ imported on the first start. */
    contentPack: idSchema,
    /** At least one at a gate; a central office (`role: central`) may have none. */
    kiosks: z.array(kioskGroupSchema).default([]),
    signs: z.array(signSchema).default([]),
    /** Big LED screens (video programs); a gate may have none. */
    screens: z.array(screenSchema).max(16).default([]),
    /**
     * The two-person rule: when required, content changes wait for a supervisor or admin other than
     * their author to approve them before they reach a screen. Emergency notices never wait.
     */
    approval: z.strictObject({ required: z.boolean() }).default({ required: false }),
    /**
     * Emergency notices: an operator's lasts at most `operatorMaxHours` from its start; a supervisor's
     * (and each extension a supervisor makes) ends at most `supervisorMaxHours` ahead.
     */
    emergency: z
      .strictObject({
        operatorMaxHours: z.number().int().min(1).max(168).default(24),
        supervisorMaxHours: z.number().int().min(1).max(744).default(168),
      })
      .default({ operatorMaxHours: 24, supervisorMaxHours: 168 }),
    /** Public pages for the kiosk's "take it with you" QR codes (see takeAwaySchema). */
    takeAway: takeAwaySchema.optional(),
    /** Central programs: a gate's link to its central office, or a central office's gates. */
    central: z.union([officeCentralSchema, gateCentralSchema]).optional(),
    /** Disk floor, per-table budgets and retention (see storage-schema.ts). */
    storage: storageSchema.default(storageSchema.parse({})),
    /** The gate PC's calendar jobs: nightly backup, pruning, weekly integrity check. */
    maintenance: maintenanceSchema.default(maintenanceSchema.parse({})),
    /** Who issues the report's PDF document (heading, number, date line, signer): see report-schema.ts. */
    report: reportDocumentSchema.optional(),
  })
  .superRefine((site, ctx) => {
    if (site.languages[0] !== "vi") {
      ctx.addIssue({ code: "custom", path: ["languages", 0], message: "Vietnamese (vi) must come first" });
    }
    if (site.role === "gate" && site.kiosks.length === 0) {
      ctx.addIssue({ code: "custom", path: ["kiosks"], message: "a gate needs at least one kiosk group" });
    }
    if (site.central && site.role === "central" && !("gates" in site.central)) {
      ctx.addIssue({
        code: "custom",
        path: ["central"],
        message: "a central office's central block lists its gates (central.gates)",
      });
    }
    if (site.central && site.role === "gate" && "gates" in site.central) {
      ctx.addIssue({
        code: "custom",
        path: ["central", "gates"],
        message: "a gate's central block has url, pollIntervalS, tokenFile and trustedKeys, not gates",
      });
    }
    const seen = new Set<string>();
    for (const list of ["kiosks", "signs", "screens"] as const) {
      site[list].forEach((channel, index) => {
        if (seen.has(channel.id)) {
          ctx.addIssue({
            code: "custom",
            path: [list, index, "id"],
            message: `channel id "${channel.id}" is used twice; kiosk groups, signs and screens share one id space`,
          });
        }
        seen.add(channel.id);
      });
    }
    site.screens.forEach((screen, index) => {
      for (const [i, lang] of (screen.languages ?? []).entries()) {
        if (!site.languages.includes(lang)) {
          ctx.addIssue({
            code: "custom",
            path: ["screens", index, "languages", i],
            message: `"${lang}" is not one of the gate's languages (${site.languages.join(", ")})`,
          });
        }
      }
      for (const lang of Object.keys(screen.ticker)) {
        if (!site.languages.includes(lang as (typeof site.languages)[number])) {
          ctx.addIssue({
            code: "custom",
            path: ["screens", index, "ticker", lang],
            message: `"${lang}" is not one of the gate's languages (${site.languages.join(", ")})`,
          });
        }
      }
    });
  });

export type SiteConfig = z.infer<typeof siteSchema>;
export type SignConfig = z.infer<typeof signSchema>;
export type TrustedKeyConfig = z.infer<typeof trustedKeySchema>;
export type GateCentralConfig = z.infer<typeof gateCentralSchema>;
export type OfficeCentralConfig = z.infer<typeof officeCentralSchema>;
export type KioskGroupConfig = z.infer<typeof kioskGroupSchema>;
export type TakeAwayConfig = z.infer<typeof takeAwaySchema>;
export type ScreenConfig = z.infer<typeof screenSchema>;
