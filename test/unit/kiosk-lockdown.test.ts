import { describe, expect, it } from "vitest";
import { isBrowserShortcut, type KeyPress } from "../../display-ui/src/shared/lockdown.js";

// Issue #19: which keys a kiosk page cancels. The browser's shortcuts go; the keys the kiosk is
// operated with (docs/kiosk.md), reload and copy stay.

function press(spec: string): KeyPress {
  const parts = spec.split("+");
  const key = parts.pop() ?? "";
  return {
    key,
    ctrlKey: parts.includes("Control"),
    metaKey: parts.includes("Meta"),
    altKey: parts.includes("Alt"),
    shiftKey: parts.includes("Shift"),
  };
}

describe("the kiosk's key lockdown", () => {
  it.each([
    "Control+n",
    "Control+t",
    "Control+w",
    "Control+p",
    "Control+s",
    "Control+u",
    "Control+l",
    "Control+o",
    "Control+f",
    "Control+h",
    "Control+j",
    "Control+d",
    "Control+a",
    "Control+Shift+N",
    "Control+Shift+T",
    "Control+Shift+I",
    "Control+Shift+J",
    "Control+Shift+C",
    "Control+Shift+Delete",
    "Control+=",
    "Control++",
    "Control+-",
    "Control+0",
    "Control+Tab",
    "Control+PageDown",
    "Meta+p",
    "Alt+ArrowLeft",
    "Alt+ArrowRight",
    "Alt+Home",
    "Alt+f",
    "Alt",
    "F1",
    "F3",
    "F6",
    "F7",
    "F10",
    "F11",
    "F12",
    "BrowserBack",
    "BrowserForward",
    "BrowserHome",
    "BrowserSearch",
    "LaunchMail",
    "ContextMenu",
  ])("cancels %s", (spec) => {
    expect(isBrowserShortcut(press(spec))).toBe(true);
  });

  it.each([
    "Tab",
    "Shift+Tab",
    "Enter",
    " ",
    "Escape",
    "ArrowLeft",
    "ArrowDown",
    "Home",
    "End",
    "PageDown",
    "F5",
    "BrowserRefresh",
    "Control+r",
    "Control+Shift+R",
    "Control+c",
    "Control",
    "Shift",
    "a",
    "1",
  ])("keeps %s", (spec) => {
    expect(isBrowserShortcut(press(spec))).toBe(false);
  });
});
