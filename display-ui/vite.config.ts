/**
 * Builds the display-ui apps, each on its own into display-ui/dist/<app>/, served by the controller at
 * /<app>/. The first app is this config's build; the others are built after it by `buildOtherApps`, so
 * `vite build --config display-ui/vite.config.ts` stays the one command (scripts/build-ui.mjs).
 * To add the console: append "console" to APPS and create display-ui/src/console/index.html.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, defineConfig, type InlineConfig, type Plugin } from "vite";

const UI_DIR = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(UI_DIR, "dist");
const APPS = ["kiosk", "console", "screen"] as const;
type App = (typeof APPS)[number];

/** The placeholder in sw.ts that writeBundle replaces with the precache manifest. */
const MANIFEST_PLACEHOLDER = "__GATECAST_PRECACHE_MANIFEST__";

/**
 * Which @fontsource subsets a kiosk can need. The packages also carry Cyrillic, Greek, Devanagari and
 * the SC font's own Latin: dropping them keeps the CSS small and the build free of files nobody loads
 * (Latin, Vietnamese and digits inside Chinese, Lao or Khmer text fall back to Noto Sans).
 */
const FONT_SUBSETS: Record<string, RegExp> = {
  "noto-sans": /^noto-sans-(latin|latin-ext|vietnamese)-\d+-normal$/,
  "noto-sans-sc": /^noto-sans-sc-\[\d+\]-\d+-normal$/,
  "noto-sans-lao": /^noto-sans-lao-lao-\d+-normal$/,
  "noto-sans-khmer": /^noto-sans-khmer-khmer-\d+-normal$/,
};

/** Font files by the language whose text needs them; `base` is Noto Sans (Vietnamese, English). */
function fontGroup(file: string): string {
  if (file.includes("noto-sans-sc-")) return "zh-Hans";
  if (file.includes("noto-sans-lao-")) return "lo";
  if (file.includes("noto-sans-khmer-")) return "km";
  return "base";
}

/** The weights the UI uses: body text and titles. */
const FONT_WEIGHTS = [400, 700] as const;

/**
 * Rewrites an @fontsource `400.css` into the faces the kiosk needs: only the wanted subsets, only
 * woff2 sources (every browser a kiosk runs reads woff2; the woff fallbacks would double the files),
 * and each subset's face in every FONT_WEIGHTS weight, side by side. The weights' unicode ranges are
 * identical, so side by side gzip stores each long range once: the Chinese stylesheet halves.
 */
export function fontSubsets(): Plugin {
  return {
    name: "gatecast-font-subsets",
    enforce: "pre",
    transform(code, id) {
      const match = /@fontsource[\\/]([a-z-]+)[\\/](\d+)\.css$/.exec(id.split("?")[0] ?? "");
      if (!match) return null;
      const [, family = "", weight] = match;
      const keep = FONT_SUBSETS[family];
      if (!keep) this.error(`no subsets chosen for @fontsource/${family}: add it to FONT_SUBSETS`);
      if (weight !== "400")
        this.error(`import @fontsource/${family}/400.css; the other weights come with it`);
      const blocks = [...code.matchAll(/\/\* ([^*]+) \*\/\s*@font-face\s*\{[^}]*\}/g)];
      const kept = blocks
        .filter((block) => keep.test((block[1] ?? "").trim()))
        .flatMap((block) => {
          const face = block[0].replace(/,\s*url\([^)]*\.woff\)\s*format\(['"]woff['"]\)/g, "");
          return FONT_WEIGHTS.map((w) =>
            face.replace(/-400-normal/g, `-${w}-normal`).replace(/font-weight:\s*400/, `font-weight: ${w}`),
          );
        });
      if (kept.length === 0) this.error(`no @font-face of ${id} matched the chosen subsets`);
      return { code: kept.join("\n"), map: null };
    },
  };
}

/**
 * Gives the kiosk's service worker its manifest: the shell it precaches (document, JS, CSS), and the
 * font files by language (it precaches Noto Sans; the others it keeps as the page loads them, and it
 * drops files of older builds).
 */
function precacheManifest(app: App, base: string): Plugin {
  return {
    name: "gatecast-precache-manifest",
    apply: "build",
    writeBundle(options, bundle) {
      const outDir = options.dir ?? path.join(DIST, app);
      const sw = Object.values(bundle).find((file) => file.fileName === "sw.js");
      if (!sw) return;
      const shell: string[] = [base];
      const fonts: Record<string, string[]> = {};
      for (const file of Object.keys(bundle).sort()) {
        if (file === "sw.js" || file.endsWith(".map") || file === "index.html") continue;
        if (file.endsWith(".woff2")) {
          const group = fontGroup(file);
          fonts[group] = [...(fonts[group] ?? []), base + file];
        } else if (/\.(js|css|svg|png|webp|ico)$/.test(file)) shell.push(base + file);
      }
      const swFile = path.join(outDir, "sw.js");
      const code = readFileSync(swFile, "utf8");
      const placeholder = new RegExp(`(["'\`])${MANIFEST_PLACEHOLDER}\\1`);
      if (!placeholder.test(code)) this.error(`sw.js lost its ${MANIFEST_PLACEHOLDER} placeholder`);
      // The build's own digest names the cache: a new build installs a new worker, an identical one doesn't.
      const version = createHash("sha256")
        .update(JSON.stringify({ shell, fonts }))
        .digest("hex")
        .slice(0, 12);
      // A string literal for a string literal: valid wherever the minifier put it.
      const literal = JSON.stringify(JSON.stringify({ version, shell, fonts }));
      writeFileSync(swFile, code.replaceAll(new RegExp(placeholder, "g"), literal));
    },
  };
}

/**
 * Builds the other apps, then writes the marker that scripts/build-ui.mjs compares with the sources'
 * times to skip needless builds.
 */
function buildOtherApps(): Plugin {
  let failed = false;
  return {
    name: "gatecast-build-other-apps",
    apply: "build",
    buildEnd(error) {
      if (error) failed = true;
    },
    renderError() {
      failed = true;
    },
    async closeBundle() {
      // A failed build must not leave a marker that says the sources are built.
      if (failed) return;
      for (const app of APPS.slice(1)) await build({ ...appConfig(app), configFile: false });
      writeFileSync(path.join(DIST, ".build-complete"), `${new Date().toISOString()}\n`);
    },
  };
}

function appConfig(app: App): InlineConfig {
  const root = path.join(UI_DIR, "src", app);
  const base = `/${app}/`;
  const hasWorker = readdirSync(root).includes("sw.ts");
  return {
    root,
    base,
    // Nothing is copied verbatim: every file the app uses is imported, so it gets a content hash.
    publicDir: false,
    logLevel: "warn",
    plugins: [fontSubsets(), precacheManifest(app, base)],
    build: {
      outDir: path.join(DIST, app),
      emptyOutDir: true,
      target: "chrome109",
      // Fonts are files, not data URLs: the service worker caches them per script.
      assetsInlineLimit: 0,
      reportCompressedSize: false,
      rollupOptions: {
        input: {
          index: path.join(root, "index.html"),
          ...(hasWorker ? { sw: path.join(root, "sw.ts") } : {}),
        },
        output: {
          // The worker keeps one stable URL: browsers look for updates at the URL they registered.
          entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js"),
        },
      },
    },
    server: {
      fs: { allow: [path.resolve(UI_DIR, "..")] },
      // `vite` in dev: the UI from Vite, the API and sockets from a controller on :8080.
      proxy: { "/api": "http://127.0.0.1:8080", "/socket.io": { target: "ws://127.0.0.1:8080", ws: true } },
    },
  };
}

const first = appConfig(APPS[0]);
export default defineConfig({ ...first, plugins: [...(first.plugins ?? []), buildOtherApps()] });
