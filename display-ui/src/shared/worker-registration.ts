/**
 * Registers a display app's service worker (shared/display-worker.ts) for its own scope and looks for
 * a new build every 10 minutes. Service workers exist only in secure contexts (https, localhost);
 * docs/kiosk.md gives the browser flag that makes the gate controller's plain-http address one.
 */

/** How often to ask whether a new build (a new sw.js) was installed on the controller. */
const UPDATE_CHECK_MS = 10 * 60_000;

/**
 * `onControllerChange(hadWorker)`: a worker took charge of the page — the first one (`hadWorker`
 * false: the page's first requests went past it), or a new build's.
 */
export function registerDisplayWorker(onControllerChange: (hadWorker: boolean) => void): void {
  if (!("serviceWorker" in navigator)) return;
  const base = import.meta.env.BASE_URL;
  const hadWorker = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker
    .register(`${base}sw.js`, { scope: base })
    .then((registration) => {
      setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    })
    .catch((error: unknown) => console.warn("no service worker: a reload needs the controller", error));
  navigator.serviceWorker.addEventListener("controllerchange", () => onControllerChange(hadWorker));
}
