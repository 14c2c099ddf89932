/**
 * Validation of everything that can change what screens show, shared by the content-pack importer,
 * the HTTP API and (later) central bundles. Errors carry the path of the offending field.
 */
import { z } from "zod";
import { holidayHasMoment, TIMED_HOLIDAY_IDS } from "./calendar/holidays.js";
import {
  CATEGORIES,
  type ContentItem,
  type EmergencyNotice,
  ITEM_KINDS,
  LANGUAGES,
  type Playlist,
  SCHEDULE_KINDS,
  type Schedule,
} from "./types.js";

export const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "expected a lower-case id: letters, digits and '-', at most 64");

export const langSchema = z.enum(LANGUAGES, {
  error: (issue) =>
    `unknown language ${JSON.stringify(issue.input)}; expected one of ${LANGUAGES.join(", ")}`,
});

// ------------------------------------------------------------------------------------------ safe text

/**
 * Characters no free text may hold: C0 and C1 controls and DEL (NUL among them: C strings, logs and
 * sign firmware end at it), and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which make a notice read differently from what was typed ("Trojan Source").
 * Tab, line feed and carriage return are allowed where a field holds several lines.
 */
function isControl(code: number, multiline: boolean): boolean {
  if (multiline && (code === 0x09 || code === 0x0a || code === 0x0d)) return false;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

const isBidiControl = (code: number) =>
  (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Why `text` is not safe to store and show, or undefined when it is. The first bad character is named
 * with its position (1-based, in UTF-16 units as a browser counts them), so the person can find it.
 * One pass over the code units: a lone surrogate is a high one not followed by a low one, or a low
 * one not preceded by a high one.
 */
export function unsafeTextProblem(text: string, options: { multiline?: boolean } = {}): string | undefined {
  const multiline = options.multiline ?? false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const at = `at character ${i + 1}`;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains a lone surrogate ${hex(code)} ${at}: not valid Unicode text`;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      return `contains a lone surrogate ${hex(code)} ${at}: not valid Unicode text`;
    }
    if (isControl(code, multiline)) {
      if (code === 0x0a || code === 0x0d) return `contains a line break ${at}: this field is one line`;
      return `contains the control character ${hex(code)} ${at}; remove it`;
    }
    if (isBidiControl(code)) {
      return `contains the bidirectional control character ${hex(code)} ${at}: it would make the text read differently from what was typed; remove it`;
    }
  }
  return undefined;
}

/** The refinement of safe text, for any string schema: `z.string().max(64).superRefine(safeTextCheck())`. */
export function safeTextCheck(options: { multiline?: boolean } = {}) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const problem = unsafeTextProblem(value, options);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  };
}

/**
 * Free text from outside (titles, bodies, names, reasons, notes): a string of at most `max` UTF-16
 * units, refused when it holds a lone surrogate, a control character (line breaks and tabs only when
 * `multiline`) or a bidirectional override. The length is checked first: a huge string is refused
 * without being scanned.
 */
export function safeText(options: { max: number; min?: number; multiline?: boolean }) {
  let schema = z.string().max(options.max, `at most ${options.max} characters`);
  if (options.min !== undefined)
    schema = schema.min(options.min, options.min === 1 ? "required" : `at least ${options.min} characters`);
  return schema.superRefine((value, ctx) => {
    if (value.length > options.max) return;
    safeTextCheck(options)(value, ctx);
  });
}

/** Lengths of text fields, per language: a kiosk page, a sign line, a name in a list. */
export const TEXT_LIMITS = {
  name: 200,
  title: 300,
  body: 20_000,
  ledText: 1000,
  note: 1000,
  emergencyTitle: 200,
  emergencyBody: 2000,
  emergencyLedText: 500,
} as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Text per language, each value safe text. An unknown language key is an error, not silently dropped
 * (`__proto__` among them: a record would drop it without a word).
 */
export function localized(options: { max: number; multiline?: boolean }) {
  return z
    .custom<Record<string, unknown>>(isPlainObject, "expected an object of text per language")
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value)) {
        if (!(LANGUAGES as readonly string[]).includes(key)) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `unknown language ${JSON.stringify(key.slice(0, 40))}; expected one of ${LANGUAGES.join(", ")}`,
          });
        }
      }
    })
    .pipe(z.record(z.string(), safeText(options)))
    .transform((value) => value as Partial<Record<(typeof LANGUAGES)[number], string>>);
}

/** Text per language; an unknown language key is an error, not silently dropped. */
export const localizedSchema = localized({ max: 20_000, multiline: true });

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A real calendar date: `2026-02-31` is refused, not rolled over into March. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")
  .refine((s) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
  }, "no such date");

export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time HH:MM between 00:00 and 23:59");

/** Bound on an item's facts source: a decree's number and title, a notice, who said it on the phone. */
export const FACTS_SOURCE_MAX = 500;

/** An item's facts: a source to check against and the date by which to check it again. */
export const itemFactsSchema = z
  .strictObject({
    source: safeText({ min: 1, max: FACTS_SOURCE_MAX }),
    reviewBy: isoDateSchema,
    checkedOn: isoDateSchema.optional(),
  })
  .superRefine((facts, ctx) => {
    if (facts.checkedOn && facts.reviewBy < facts.checkedOn) {
      ctx.addIssue({ code: "custom", path: ["reviewBy"], message: "is before checkedOn" });
    }
  });

export const itemSchema = z
  .strictObject({
    id: idSchema,
    kind: z.enum(ITEM_KINDS),
    title: localized({ max: TEXT_LIMITS.title }).default({}),
    body: localized({ max: TEXT_LIMITS.body, multiline: true }).default({}),
    ledText: localized({ max: TEXT_LIMITS.ledText, multiline: true }).default({}),
    mediaSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "expected a sha256 in hex")
      .optional(),
    /** A video's WebVTT subtitles per language (the editor checks the gate's languages and the files). */
    subtitles: z
      .partialRecord(langSchema, z.string().regex(/^[0-9a-f]{64}$/, "expected a sha256 in hex"))
      .optional(),
    /** Up to 4 h: a film. A video item saved without it gets its video's length (content/editing.ts). */
    durationS: z.number().int().min(1).max(14_400).default(10),
    validFrom: isoDateSchema.optional(),
    validUntil: isoDateSchema.optional(),
    categories: z.array(z.enum(CATEGORIES)).default([]),
    facts: itemFactsSchema.optional(),
  })
  .superRefine((item, ctx) => {
    if (item.validFrom && item.validUntil && item.validUntil < item.validFrom) {
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "ends before validFrom" });
    }
    if (item.kind === "led" && Object.keys(item.ledText).length === 0) {
      ctx.addIssue({ code: "custom", path: ["ledText"], message: "an LED message needs ledText" });
    }
    if (item.kind !== "led" && Object.keys(item.title).length === 0) {
      ctx.addIssue({ code: "custom", path: ["title"], message: "needs a title in at least one language" });
    }
    if ((item.kind === "image" || item.kind === "video") && !item.mediaSha256) {
      ctx.addIssue({
        code: "custom",
        path: ["mediaSha256"],
        message: `${item.kind === "image" ? "an image" : "a video"} needs a media file`,
      });
    }
    if (item.subtitles && Object.keys(item.subtitles).length > 0 && item.kind !== "video") {
      ctx.addIssue({ code: "custom", path: ["subtitles"], message: "only a video has subtitles" });
    }
  }) satisfies z.ZodType<ContentItem, unknown>;

export const playlistSchema = z.strictObject({
  id: idSchema,
  name: safeText({ min: 1, max: TEXT_LIMITS.name }),
  itemIds: z.array(idSchema).max(500),
}) satisfies z.ZodType<Playlist, unknown>;

const recurrenceSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("daily") }),
  z.strictObject({
    type: z.literal("weekly"),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1, "pick at least one weekday (1 = Monday … 7 = Sunday)"),
  }),
  z.strictObject({ type: z.literal("monthly"), day: z.number().int().min(1).max(31) }),
  z
    .strictObject({
      type: z.literal("yearly"),
      month: z.number().int().min(1).max(12),
      day: z.number().int().min(1).max(31),
    })
    .refine((r) => r.day <= daysInMonth(2024, r.month), {
      path: ["day"],
      message: "no such day in that month",
    }),
  z.strictObject({
    type: z.literal("lunar-yearly"),
    calendar: z.enum(["vi", "zh"]),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(30),
    leap: z.boolean().optional(),
  }),
  z
    .strictObject({
      type: z.literal("holiday"),
      holidayId: idSchema,
      offsetDays: z.number().int().min(-30).max(30).optional(),
      /** On for `hours` from the instant the holiday begins (domain/schedule/moment.ts). */
      fromMoment: z.strictObject({ hours: z.number().int().min(1).max(72) }).optional(),
    })
    .superRefine((r, ctx) => {
      if (r.fromMoment === undefined) return;
      if (!holidayHasMoment(r.holidayId)) {
        ctx.addIssue({
          code: "custom",
          path: ["fromMoment"],
          message: `holiday '${r.holidayId}' has no moment to start from (only ${TIMED_HOLIDAY_IDS.join(", ")} has one)`,
        });
      }
      if (r.offsetDays !== undefined && r.offsetDays !== 0) {
        ctx.addIssue({
          code: "custom",
          path: ["offsetDays"],
          message: "a schedule timed from the holiday's moment takes no offsetDays",
        });
      }
    }),
]);

const daypartSchema = z
  .strictObject({ start: clockTimeSchema, end: clockTimeSchema })
  .refine((d) => d.start !== d.end, {
    path: ["end"],
    message: "a daypart whose start equals its end is empty; use no daypart for the whole day",
  });

export const scheduleSchema = z
  .strictObject({
    id: idSchema,
    name: safeText({ min: 1, max: TEXT_LIMITS.name }),
    kind: z.enum(SCHEDULE_KINDS),
    target: z.union([z.strictObject({ playlistId: idSchema }), z.strictObject({ itemId: idSchema })]),
    channels: z.array(z.union([idSchema, z.literal("*")])).min(1, "name at least one channel, or '*'"),
    priority: z.number().int().min(0).max(100).default(50),
    startDate: isoDateSchema.optional(),
    endDate: isoDateSchema.optional(),
    recurrence: recurrenceSchema.default({ type: "daily" }),
    durationDays: z.number().int().min(1).max(366).optional(),
    dayparts: z.array(daypartSchema).max(24).default([]),
    interrupt: z
      .strictObject({
        secondsPerHour: z.number().int().min(1).max(3600),
        slotsPerHour: z.number().int().min(1).max(60).default(4),
      })
      .optional(),
    enabled: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    if (s.startDate && s.endDate && s.endDate < s.startDate) {
      ctx.addIssue({
        code: "custom",
        path: ["endDate"],
        message: "ends before startDate: the schedule is empty",
      });
    }
    if (s.kind === "interrupt" && !s.interrupt) {
      ctx.addIssue({
        code: "custom",
        path: ["interrupt"],
        message: "an interrupt needs its share of the hour",
      });
    }
    if (s.recurrence.type === "holiday" && s.recurrence.fromMoment !== undefined) {
      // Its hours from the moment say when it plays: dayparts or a length in days would contradict them.
      if (s.dayparts.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["dayparts"],
          message: "a schedule timed from the holiday's moment runs for its hours: leave dayparts empty",
        });
      }
      if (s.durationDays !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["durationDays"],
          message:
            "a schedule timed from the holiday's moment runs for its hours (fromMoment.hours), not days",
        });
      }
    }
    if (s.kind !== "interrupt" && s.interrupt) {
      ctx.addIssue({
        code: "custom",
        path: ["interrupt"],
        message: "only an interrupt schedule takes a share",
      });
    }
  }) satisfies z.ZodType<Schedule, unknown>;

export const emergencySchema = z
  .strictObject({
    id: idSchema,
    title: localized({ max: TEXT_LIMITS.emergencyTitle }),
    body: localized({ max: TEXT_LIMITS.emergencyBody, multiline: true }).default({}),
    ledText: localized({ max: TEXT_LIMITS.emergencyLedText, multiline: true }).default({}),
    startsAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    clearedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((e) => Date.parse(e.expiresAt) > Date.parse(e.startsAt), {
    path: ["expiresAt"],
    message: "expires before it starts",
  }) satisfies z.ZodType<EmergencyNotice, unknown>;

/** The first issue of a failed parse, as `{field, message}` for one clear error line or a 400. */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: "", message: "invalid" };
  return { field: issue.path.map(String).join("."), message: issue.message };
}
