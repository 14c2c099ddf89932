import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type Cidr, parseCidrList } from "./cidr-list.js";
import { ConfigError } from "./errors.js";
import { type SignProfile, signProfileSchema } from "./sign-profile-schema.js";
import { type SiteConfig, siteSchema } from "./site-schema.js";
import { readYamlFile } from "./yaml-file.js";

/**
 * The checkout's root: config and content are found relative to it, not to the working directory.
 * Found by walking up to the folder that holds package.json rather than by a fixed "../../..", so the
 * same code works from the sources (controller/src/config) and compiled (dist/controller/src/config;
 * the build writes no package.json into dist/).
 */
export const ROOT_DIR = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}: not a gatecast checkout`);
  }
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  GATE: z
    .string()
    .regex(/^[a-z0-9-]+$/, "expected a site id such as cau-treo")
    .default("cau-treo"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  GATECAST_CONFIG_DIR: z.string().optional(),
  GATECAST_CONTENT_DIR: z.string().optional(),
  /** ffprobe and ffmpeg (Debian's `ffmpeg` package) for checking video uploads; found on PATH by default. */
  GATECAST_FFPROBE: z.string().min(1).default("ffprobe"),
  GATECAST_FFMPEG: z.string().min(1).default("ffmpeg"),
  /** The Chromium that prints reports to PDF; unset: /usr/bin/chromium, then chromium on PATH. */
  GATECAST_CHROMIUM: z.string().min(1).optional(),
  /** Networks the console and the login answer (comma- or space-separated CIDRs); unset: any. */
  CONSOLE_ALLOW: z
    .string()
    .optional()
    .transform((text, zctx) => {
      if (text === undefined || text.trim() === "") return undefined;
      try {
        return parseCidrList(text);
      } catch (error) {
        zctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  configDir: string;
  contentDir: string;
  site: SiteConfig;
  signProfiles: ReadonlyMap<string, SignProfile>;
  /** The commands that probe uploaded videos and cut their poster frames. */
  mediaTools: { ffprobe: string; ffmpeg: string };
  /** `GATECAST_CHROMIUM`: the browser that prints reports to PDF; absent: probed (reports/pdf.ts). */
  chromium?: string | undefined;
  /** `CONSOLE_ALLOW`: the networks the console and the login answer; undefined: every address. */
  consoleAllow: Cidr[] | undefined;
}

/** Reads the environment overrides; a bad value is a ConfigError naming the variable. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): z.infer<typeof envSchema> {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? "");
    throw new ConfigError(
      "environment",
      name,
      `${issue?.message ?? "invalid"} (got ${JSON.stringify(env[name])})`,
    );
  }
  return result.data;
}

/** Validates a site file and every sign profile it names. */
export function loadSite(
  file: string,
  signsDir: string,
): { site: SiteConfig; signProfiles: Map<string, SignProfile> } {
  const site = readYamlFile(file, siteSchema);
  const signProfiles = new Map<string, SignProfile>();
  site.signs.forEach((sign, index) => {
    if (signProfiles.has(sign.profile)) return;
    const profileFile = path.join(signsDir, `${sign.profile}.yaml`);
    if (!existsSync(profileFile)) {
      throw new ConfigError(
        file,
        `signs.${index}.profile`,
        `no sign profile "${sign.profile}" in ${signsDir}`,
      );
    }
    const profile = readYamlFile(profileFile, signProfileSchema);
    if (profile.id !== sign.profile) {
      throw new ConfigError(profileFile, "id", `expected "${sign.profile}" to match the file name`);
    }
    signProfiles.set(sign.profile, profile);
  });
  return { site, signProfiles };
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const e = readEnv(env);
  const configDir = path.resolve(e.GATECAST_CONFIG_DIR ?? path.join(ROOT_DIR, "firmware-config"));
  const contentDir = path.resolve(e.GATECAST_CONTENT_DIR ?? path.join(ROOT_DIR, "content"));
  const siteFile = path.join(configDir, "sites", `${e.GATE}.yaml`);
  if (!existsSync(siteFile)) {
    throw new ConfigError("environment", "GATE", `no site file ${siteFile} for gate "${e.GATE}"`);
  }
  const { site, signProfiles } = loadSite(siteFile, path.join(configDir, "signs"));
  if (site.id !== e.GATE) {
    throw new ConfigError(siteFile, "id", `expected "${e.GATE}" to match the file name`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    configDir,
    contentDir,
    site,
    signProfiles,
    mediaTools: { ffprobe: e.GATECAST_FFPROBE, ffmpeg: e.GATECAST_FFMPEG },
    chromium: e.GATECAST_CHROMIUM,
    consoleAllow: e.CONSOLE_ALLOW,
  };
}
