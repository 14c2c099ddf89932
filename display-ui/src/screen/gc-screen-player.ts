import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { MEDIA_PATH, type ProofPlay, type ProofSkip } from "../../../controller/src/contract/kiosk.js";
import type { ScreenEntry } from "../../../controller/src/contract/screen.js";
import "./gc-screen-slide.js";
import type { GcScreenSlide } from "./gc-screen-slide.js";
import {
  endedEarly,
  entryKind,
  overrunLimitMs,
  Rotation,
  skipDetail,
  skipReasonOf,
  slideLanguages,
} from "./playout.js";

/** A video must be ready to play (`canplay`) within this, or it is skipped as stalled. */
const READY_TIMEOUT_MS = 20_000;
/** A playing video whose time has not moved for this long is stuck: skipped, never a frozen frame. */
const STALL_MS = 6_000;
/** After this many skips in a row (nothing at all plays), wait before trying the loop again. */
const IDLE_AFTER_SKIPS_MS = 10_000;
/** A file that failed is not tried again for this long (the loop meets it again every round). */
const FAILED_RETRY_MS = 10 * 60_000;
/** Transitions kept for the bench and the tests. */
const TRANSITIONS_KEPT = 50;

/** One item's turn, while it is prepared and while it shows. */
interface Turn {
  entry: ScreenEntry;
  language: Lang;
  kind: "video" | "image" | "slide";
  /** The element prepared for a video. */
  video?: HTMLVideoElement;
  /** Resolves when it can be shown: null, or why it cannot. */
  ready: Promise<Failure | null>;
}

interface Failure {
  reason: ProofSkip["reason"];
  detail?: string | undefined;
  /** A file that failed a moment ago: passed over without a second report. */
  known?: boolean;
}

/** Between the end of one item and the first frame of the next. */
export interface Transition {
  from: string;
  to: string;
  /** performance.now() when the previous item ended (or was cut). */
  endedAt: number;
  /** performance.now() of the previous video's last painted frame (videos only). */
  lastFrameAt?: number | undefined;
  /** performance.now() when a video's play() had started it (undefined for images and slides). */
  playingAt?: number | undefined;
  /** performance.now() of the next item's first painted frame. */
  shownAt: number;
}

/**
 * The screen's loop: each entry in turn, full screen — a video with its subtitles in the turn's
 * language, an image, or a text slide shown in each language — with the next one prepared while the
 * current one plays, so a change never shows black. Two video elements take turns: the next video
 * loads, decodes its first frame (`canplay`), starts, and only then covers the one that ended. A
 * video that errors, stalls or ends far before its length is skipped at once (`gc-skip`); each item
 * shown is reported (`gc-play`) with its language.
 */
@customElement("gc-screen-player")
export class GcScreenPlayer extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      overflow: hidden;
      background: #000000;
      cursor: none;
    }
    .layer {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      visibility: hidden;
    }
    .layer[data-front] {
      visibility: visible;
      z-index: 1;
    }
    video,
    img {
      object-fit: contain;
      background: #000000;
    }
    /* Subtitles read from the road: large, white on near-black, on the screen's own height. */
    video::cue {
      font-family: "Noto Sans", "Noto Sans SC", "Noto Sans Lao", "Noto Sans Khmer", sans-serif;
      font-size: 6.5vh;
      line-height: 1.45;
      color: #ffffff;
      background: rgb(0 0 0 / 88%);
    }
  `;

  @property({ attribute: false }) entries: ScreenEntry[] = [];
  @property({ attribute: false }) languages: Lang[] = ["vi"];
  /** Seconds a slide shows each language. */
  @property({ attribute: false }) slideLanguageS = 8;
  /** 0–1; 0 is muted. */
  @property({ attribute: false }) volume = 0;
  /** Scales images' and slides' time on screen (tests and the bench only; 1 in service). */
  @property({ attribute: false }) dwellScale = 1;
  /** While an emergency notice covers the screen: the loop stops, and starts again after it. */
  @property({ type: Boolean }) suspended = false;

  /** The last transitions, newest last (bench, tests). */
  readonly transitions: Transition[] = [];
  /** Items put on screen since the page loaded (bench, tests). */
  shown = 0;
  readonly #rotation = new Rotation();
  readonly #failed = new Map<string, number>();
  #videos: HTMLVideoElement[] = [];
  #current: Turn | undefined;
  #next: Turn | undefined;
  #startedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #watch: ReturnType<typeof setInterval> | undefined;
  /** Bumped at every turn: callbacks of an older turn find it changed and do nothing. */
  #generation = 0;
  #skipsInRow = 0;
  /** The current video's last painted frame (performance.now()). */
  #lastFrameAt: number | undefined;
  #running = false;
  /** The entries' content last seen: a new state that changed nothing in the loop changes nothing. */
  #entriesKey = "";

  override render() {
    return html`
      <video class="layer" data-slot="0" muted playsinline preload="auto" disablepictureinpicture></video>
      <video class="layer" data-slot="1" muted playsinline preload="auto" disablepictureinpicture></video>
      <img class="layer" alt="" decoding="async" />
      <gc-screen-slide class="layer"></gc-screen-slide>
    `;
  }

  override firstUpdated(): void {
    this.#videos = [...this.renderRoot.querySelectorAll("video")];
    this.#entriesKey = JSON.stringify(this.entries);
    if (!this.suspended) this.#start();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has("volume")) for (const video of this.#videos) this.#applyVolume(video);
    if (changed.has("suspended") && this.#videos.length > 0) {
      if (this.suspended) this.#stop();
      else this.#start();
    }
    if (changed.has("entries") && this.#videos.length > 0) {
      const key = JSON.stringify(this.entries);
      if (key === this.#entriesKey) return;
      this.#entriesKey = key;
      this.#failed.clear();
      if (this.suspended) return;
      if (!this.#running) this.#start();
      else if (this.#current) {
        // What was prepared may be gone from the loop: prepare the next one from the new entries.
        this.#next = this.#prepare(this.#videos.find((v) => v !== this.#current?.video));
      }
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  /** What is on screen, for the hello's `showing`. */
  get showing(): { itemId: string; language: Lang } | undefined {
    const turn = this.#current;
    return turn ? { itemId: turn.entry.itemId, language: turn.language } : undefined;
  }

  #start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#advance(performance.now());
  }

  #stop(): void {
    this.#running = false;
    this.#generation++;
    clearTimeout(this.#timer);
    clearInterval(this.#watch);
    if (this.#current) this.#reportPlay(this.#current, Date.now());
    for (const video of this.#videos) video.pause();
    this.#current = undefined;
    this.#next = undefined;
  }

  /** The next item's turn, its file being readied in the spare video element when it is a video. */
  #prepare(spare: HTMLVideoElement | undefined): Turn | undefined {
    const pick = this.#rotation.next(this.entries, this.languages);
    if (!pick) return undefined;
    const { entry, language } = pick;
    const kind = entryKind(entry);
    const sha = entry.item.media?.sha256;
    const failedAt = sha ? this.#failed.get(sha) : undefined;
    if (failedAt !== undefined && Date.now() - failedAt < FAILED_RETRY_MS) {
      return { entry, language, kind, ready: Promise.resolve({ reason: "stalled", known: true }) };
    }
    if (kind === "video" && sha && spare) {
      return { entry, language, kind, video: spare, ready: this.#loadVideo(spare, entry, language) };
    }
    if (kind === "image" && sha) return { entry, language, kind, ready: this.#loadImage(sha) };
    return { entry, language, kind: "slide", ready: Promise.resolve(null) };
  }

  #loadVideo(video: HTMLVideoElement, entry: ScreenEntry, language: Lang): Promise<Failure | null> {
    const media = entry.item.media;
    video.pause();
    video.replaceChildren();
    for (const [lang, sha] of Object.entries(entry.item.subtitles)) {
      if (!sha) continue;
      const track = document.createElement("track");
      track.kind = "subtitles";
      track.srclang = lang;
      track.label = lang;
      track.src = `${MEDIA_PATH}${sha}`;
      if (lang === language) track.default = true;
      video.append(track);
    }
    if (media?.posterSha256) video.poster = `${MEDIA_PATH}${media.posterSha256}`;
    else video.removeAttribute("poster");
    video.src = `${MEDIA_PATH}${media?.sha256 ?? ""}`;
    video.load();
    this.#showTrack(video, language);
    return new Promise((resolve) => {
      const done = (failure: Failure | null) => {
        clearTimeout(timeout);
        video.removeEventListener("canplay", ready);
        video.removeEventListener("error", failed);
        resolve(failure);
      };
      const ready = () => done(null);
      const failed = () =>
        done({ reason: skipReasonOf(video.error?.code), detail: skipDetail(video.error?.message) });
      const timeout = setTimeout(
        () => done({ reason: "stalled", detail: `not ready after ${READY_TIMEOUT_MS / 1000} s` }),
        READY_TIMEOUT_MS,
      );
      video.addEventListener("canplay", ready);
      video.addEventListener("error", failed);
    });
  }

  async #loadImage(sha: string): Promise<Failure | null> {
    const image = new Image();
    image.src = `${MEDIA_PATH}${sha}`;
    try {
      await image.decode();
      return null;
    } catch (error) {
      return { reason: "missing-media", detail: skipDetail(String(error)) };
    }
  }

  /** Shows the subtitles of `language` (if the video has them) and hides the others. */
  #showTrack(video: HTMLVideoElement, language: Lang): void {
    for (const track of Array.from(video.textTracks)) {
      track.mode = track.language === language ? "showing" : "disabled";
    }
  }

  #applyVolume(video: HTMLVideoElement): void {
    video.volume = this.volume;
    video.muted = this.volume === 0;
  }

  /** Ends the current turn and shows the next; `endedAt` is when the current one ended. */
  async #advance(endedAt: number): Promise<void> {
    if (!this.#running) return;
    const generation = ++this.#generation;
    clearTimeout(this.#timer);
    clearInterval(this.#watch);
    const previous = this.#current;
    const spare = this.#videos.find((v) => v !== previous?.video) ?? this.#videos[0];
    const turn =
      this.#next && (this.#next.kind !== "video" || this.#next.video !== previous?.video)
        ? this.#next
        : this.#prepare(spare);
    this.#next = undefined;
    if (!turn) {
      if (previous) this.#reportPlay(previous, Date.now());
      this.#current = undefined;
      this.#hideAll();
      // Nothing to play: the next state with entries starts the loop again.
      this.#running = false;
      return;
    }
    const failure = await turn.ready;
    if (generation !== this.#generation) return;
    if (failure) {
      this.#skip(turn, failure);
      const idle = ++this.#skipsInRow >= Math.max(1, this.entries.length);
      if (idle) this.#skipsInRow = 0;
      // Nothing in the loop can play: keep what is on screen a while, then try the loop again.
      this.#timer = setTimeout(() => void this.#advance(endedAt), idle ? IDLE_AFTER_SKIPS_MS : 0);
      return;
    }
    if (previous) this.#reportPlay(previous, Date.now());
    this.#current = turn;
    const shown = await this.#show(turn, previous);
    if (generation !== this.#generation) return;
    if (!shown.ok) {
      this.#current = undefined;
      this.#skip(turn, shown.failure);
      this.#timer = setTimeout(() => void this.#advance(performance.now()), 0);
      return;
    }
    this.#skipsInRow = 0;
    this.shown++;
    this.#startedAt = Date.now();
    if (previous) {
      this.transitions.push({
        from: previous.entry.itemId,
        to: turn.entry.itemId,
        endedAt,
        lastFrameAt: previous.kind === "video" ? this.#lastFrameAt : undefined,
        playingAt: shown.playingAt,
        shownAt: shown.at,
      });
      if (this.transitions.length > TRANSITIONS_KEPT) this.transitions.shift();
    }
    this.#announce(turn);
    // Prepare the one after while this one plays (the spare element is free now).
    const nextSpare = this.#videos.find((v) => v !== turn.video);
    this.#next = this.#prepare(nextSpare);
    this.#run(turn, generation);
  }

  /** Puts the turn on screen over the previous one; resolves at its first painted frame. */
  async #show(
    turn: Turn,
    previous: Turn | undefined,
  ): Promise<{ ok: true; at: number; playingAt?: number } | { ok: false; failure: Failure }> {
    const root = this.renderRoot;
    if (turn.kind === "video" && turn.video) {
      const video = turn.video;
      this.#applyVolume(video);
      this.#showTrack(video, turn.language);
      // Ready (`canplay`), a paused video holds its first frame decoded: it covers the previous one at
      // once, so the screen goes from one's last frame to the next's first with no black between, and
      // without waiting for its renderer to start (~100 ms in Chromium).
      const early = video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA;
      let at: number | undefined;
      if (early) {
        this.#front(video);
        at = await animationFrame();
      }
      const firstFrame = new Promise<number>((resolve) => {
        // Chromium 83+ has the frame callback; an older browser gets the \`playing\` event's moment.
        const v = video as HTMLVideoElement & Partial<Pick<HTMLVideoElement, "requestVideoFrameCallback">>;
        if (v.requestVideoFrameCallback) v.requestVideoFrameCallback((now) => resolve(now));
        else video.addEventListener("playing", () => resolve(performance.now()), { once: true });
      });
      try {
        await video.play();
      } catch (error) {
        // Sound not allowed without a gesture (a browser started without the autoplay flag): muted.
        if (error instanceof DOMException && error.name === "NotAllowedError") {
          video.muted = true;
          try {
            await video.play();
          } catch (again) {
            return { ok: false, failure: { reason: "unsupported", detail: skipDetail(String(again)) } };
          }
        } else {
          const code = video.error?.code;
          return {
            ok: false,
            failure: {
              reason: skipReasonOf(code),
              detail: skipDetail(video.error?.message ?? String(error)),
            },
          };
        }
      }
      const playingAt = performance.now();
      if (at === undefined) {
        at = await Promise.race([firstFrame, delay(2_000).then(() => performance.now())]);
        this.#front(video);
      }
      if (previous?.video && previous.video !== video) this.#release(previous.video);
      return { ok: true, at, playingAt };
    }
    if (turn.kind === "image") {
      const img = root.querySelector("img") as HTMLImageElement;
      img.src = `${MEDIA_PATH}${turn.entry.item.media?.sha256 ?? ""}`;
      await img.decode().catch(() => undefined);
      this.#front(img);
    } else {
      const slide = root.querySelector("gc-screen-slide") as GcScreenSlide;
      this.#setSlide(slide, turn.entry, turn.language);
      await slide.updateComplete;
      this.#front(slide);
    }
    const at = await nextFrame();
    if (previous?.video) this.#release(previous.video);
    return { ok: true, at };
  }

  #setSlide(slide: GcScreenSlide, entry: ScreenEntry, language: Lang): void {
    slide.heading = entry.item.title[language] ?? "";
    slide.body = entry.item.body[language] ?? "";
    slide.language = language;
  }

  /** Runs the turn until its end: a video's `ended` (watched for stalls), or its time on screen. */
  #run(turn: Turn, generation: number): void {
    const end = () => {
      if (generation === this.#generation) void this.#advance(performance.now());
    };
    if (turn.kind === "video" && turn.video) {
      const video = turn.video;
      const durationMs = turn.entry.item.media?.durationMs;
      let lastTime = -1;
      let lastMove = performance.now();
      const started = performance.now();
      // Each painted frame's time, for the transitions' record (what a viewer sees held).
      const v = video as HTMLVideoElement & Partial<Pick<HTMLVideoElement, "requestVideoFrameCallback">>;
      const onFrame = (now: number) => {
        if (this.#current !== turn) return;
        this.#lastFrameAt = now;
        v.requestVideoFrameCallback?.(onFrame);
      };
      v.requestVideoFrameCallback?.(onFrame);
      const fail = (failure: Failure) => {
        if (generation !== this.#generation) return;
        this.#generation++;
        clearInterval(this.#watch);
        video.pause();
        this.#current = undefined;
        this.#skip(turn, failure);
        void this.#advance(performance.now());
      };
      video.onended = () => {
        if (generation !== this.#generation) return;
        const playedMs = video.currentTime * 1000;
        if (endedEarly(playedMs, durationMs)) {
          fail({
            reason: "decode-error",
            detail: `ended at ${(playedMs / 1000).toFixed(1)} s of ${((durationMs ?? 0) / 1000).toFixed(1)} s`,
          });
        } else end();
      };
      video.onerror = () =>
        fail({ reason: skipReasonOf(video.error?.code), detail: skipDetail(video.error?.message) });
      this.#watch = setInterval(() => {
        const now = performance.now();
        if (video.currentTime !== lastTime) {
          lastTime = video.currentTime;
          lastMove = now;
        }
        if (now - lastMove > STALL_MS) {
          fail({ reason: "stalled", detail: `no progress at ${video.currentTime.toFixed(1)} s` });
        } else if (video.currentTime >= turn.entry.item.durationS) {
          // The item's time on screen is the operator's (it defaults to the whole video): a clip of a
          // longer film ends there, as a play of that length, not a skip.
          video.pause();
          clearInterval(this.#watch);
          end();
        } else if (durationMs && now - started > overrunLimitMs(durationMs)) {
          fail({ reason: "stalled", detail: `still playing ${Math.round((now - started) / 1000)} s in` });
        }
      }, 500);
      return;
    }
    if (turn.kind === "image") {
      this.#timer = setTimeout(end, turn.entry.item.durationS * 1000 * this.dwellScale);
      return;
    }
    // A slide shows each language in turn; each language shown is its own play.
    const langs = slideLanguages(turn.entry, this.languages);
    const start = langs.indexOf(turn.language);
    const order = start > 0 ? [...langs.slice(start), ...langs.slice(0, start)] : langs;
    const step = Math.max(1, this.slideLanguageS) * 1000 * this.dwellScale;
    const slide = this.renderRoot.querySelector("gc-screen-slide") as GcScreenSlide;
    const showLanguage = (i: number) => {
      if (generation !== this.#generation) return;
      if (i >= order.length) return end();
      if (i > 0) {
        this.#reportPlay(turn, Date.now());
        turn.language = order[i] as Lang;
        this.#startedAt = Date.now();
        this.#setSlide(slide, turn.entry, turn.language);
        this.#announce(turn);
      }
      this.#timer = setTimeout(() => showLanguage(i + 1), step);
    };
    showLanguage(0);
  }

  #front(layer: Element): void {
    for (const other of this.renderRoot.querySelectorAll(".layer")) {
      if (other !== layer) other.removeAttribute("data-front");
    }
    layer.setAttribute("data-front", "");
  }

  #hideAll(): void {
    for (const layer of this.renderRoot.querySelectorAll(".layer")) layer.removeAttribute("data-front");
  }

  /** Frees a video element's file (a long loop must not hold every video it played). */
  #release(video: HTMLVideoElement): void {
    video.pause();
    video.onended = null;
    video.onerror = null;
    video.removeAttribute("src");
    video.replaceChildren();
    video.load();
  }

  #reportPlay(turn: Turn, now: number): void {
    const durationMs = Math.max(0, now - this.#startedAt);
    if (this.#startedAt === 0 || durationMs < 200) return;
    const play: ProofPlay = {
      itemId: turn.entry.itemId,
      scheduleId: turn.entry.scheduleId,
      startedAt: new Date(this.#startedAt).toISOString(),
      durationMs: Math.round(durationMs),
      language: turn.language,
    };
    this.#startedAt = 0;
    this.dispatchEvent(
      new CustomEvent<ProofPlay>("gc-play", { detail: play, bubbles: true, composed: true }),
    );
  }

  #skip(turn: Turn, failure: Failure): void {
    const sha = turn.entry.item.media?.sha256;
    // A file met again before its retry time was already reported once.
    if (failure.known) return;
    if (sha) this.#failed.set(sha, Date.now());
    if (turn.video) this.#release(turn.video);
    const skip: ProofSkip = {
      itemId: turn.entry.itemId,
      scheduleId: turn.entry.scheduleId,
      at: new Date().toISOString(),
      reason: failure.reason,
      ...(failure.detail ? { detail: failure.detail } : {}),
      language: turn.language,
    };
    this.dispatchEvent(
      new CustomEvent<ProofSkip>("gc-skip", { detail: skip, bubbles: true, composed: true }),
    );
  }

  #announce(turn: Turn): void {
    this.setAttribute("data-item", turn.entry.itemId);
    this.setAttribute("data-kind", turn.kind);
    this.setAttribute("data-language", turn.language);
    this.dispatchEvent(new CustomEvent("gc-showing", { bubbles: true, composed: true }));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The time of the next animation frame: the one that paints what was just put on screen. */
function animationFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame((now) => resolve(now)));
}

/** performance.now() at the next painted frame. */
function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame((now) => resolve(now))));
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-screen-player": GcScreenPlayer;
  }
}
