/**
 * What a public screen's page does so that a traveler's finger, or a keyboard plugged into the kiosk's
 * USB port, gets nothing from the browser (issue #19): no context menu (a long press), no text
 * selection or drag (which offer "search for", "copy link", "open in new tab"), and the browser's own
 * keyboard shortcuts (new window, print, save, view source, address bar, history, downloads, find,
 * zoom, back and forward, developer tools) swallowed before the browser acts on them. Chromium lets a
 * page cancel most of these; a few it keeps for itself (Ctrl+N, Ctrl+T, Ctrl+W outside fullscreen),
 * and those the kiosk's Chromium policy and kiosk mode handle (docs/gate-pc.md, "Kiosk lockdown").
 *
 * Kept: the keys the kiosk is operated with (Tab, arrows, Enter, Space, Escape, Home/End, Page Up/Down;
 * docs/kiosk.md), reload (F5, Ctrl+R: harmless, and the way back from a stuck page) and copy.
 */

/** The parts of a KeyboardEvent the decision needs (a plain object in the unit test). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Function keys the browser acts on: help, find next, address bar, caret browsing, menu, fullscreen, devtools. */
const BROWSER_FUNCTION_KEYS = new Set(["F1", "F3", "F6", "F7", "F10", "F11", "F12"]);
/** With Ctrl (or ⌘): reload and copy do no harm; every other Ctrl shortcut is the browser's. */
const HARMLESS_WITH_CTRL = new Set(["r", "c"]);

/** Whether a key press would make the browser do something a kiosk must not allow. */
export function isBrowserShortcut(press: KeyPress): boolean {
  const { key } = press;
  if (BROWSER_FUNCTION_KEYS.has(key)) return true;
  // Multimedia keyboards: Back, Forward, Home, Search, Favourites, Mail, Calculator…
  if (key.startsWith("Browser") && key !== "BrowserRefresh") return true;
  if (key.startsWith("Launch") || key === "ContextMenu" || key === "Print" || key === "Help") return true;
  // Alt alone opens the menu in some builds; Alt+Left/Right are back and forward, Alt+F/E the menu.
  if (press.altKey || key === "Alt" || key === "AltGraph") return true;
  if (press.ctrlKey || press.metaKey) {
    if (key === "Control" || key === "Meta" || key === "Shift") return false;
    // Ctrl+Shift+R is a hard reload; Ctrl+Shift+C would open the element picker.
    return !(HARMLESS_WITH_CTRL.has(key.toLowerCase()) && !(press.shiftKey && key.toLowerCase() === "c"));
  }
  return false;
}

const prevent = (event: Event) => event.preventDefault();

/**
 * Installs the lockdown on a page. Capture phase on the window, so it runs before any component and
 * cannot be skipped by one that stops propagation; it only cancels the browser's default action, so the
 * app's own key handling still sees every key.
 */
export function lockDown(win: Window): void {
  for (const type of ["contextmenu", "dragstart", "selectstart", "auxclick"] as const) {
    win.addEventListener(type, prevent, { capture: true });
  }
  win.addEventListener(
    "keydown",
    (event) => {
      if (isBrowserShortcut(event)) event.preventDefault();
    },
    { capture: true },
  );
  // Ctrl + wheel (or a touchpad pinch) is the browser's page zoom, kept per origin after the traveler
  // left: the kiosk has its own large-text switch instead. A touch screen's pinch is not a wheel event.
  win.addEventListener(
    "wheel",
    (event) => {
      if (event.ctrlKey) event.preventDefault();
    },
    { capture: true, passive: false },
  );
}
