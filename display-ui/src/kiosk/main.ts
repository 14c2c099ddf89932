/**
 * The kiosk's entry: reads the URL, starts the app, and keeps the service worker that lets a reload
 * work while the controller is unreachable.
 */
import { fetchKioskState } from "../shared/api.js";
import "./gc-kiosk-app.js";
import "./page.css";
import { EnrolmentStore } from "./enrolment.js";
import { kioskIdInUrl, readParams } from "./params.js";

/** How often to ask whether a new build (a new sw.js) was installed on the controller. */
const UPDATE_CHECK_MS = 10 * 60_000;

const app = document.createElement("gc-kiosk-app");
const enrolment = new EnrolmentStore(localStorage);
const urlKioskId = kioskIdInUrl(location.search);
if (urlKioskId && !new URLSearchParams(location.search).has("preview")) {
  enrolment.takeFromUrl(location.hash, urlKioskId, () =>
    history.replaceState(null, "", location.pathname + location.search),
  );
}
const params = readParams(location.search, localStorage, enrolment.enrolment?.kioskId);
app.params = params;
app.store = localStorage;
app.enrolment = enrolment;

// A long press on a touch screen opens the context menu; on a kiosk there is nothing it could do.
document.addEventListener("contextmenu", (event) => event.preventDefault());

// A preview (the console's iframe) is no kiosk: it installs no worker in the operator's browser.
if ("serviceWorker" in navigator && !params.preview) {
  // Service workers exist only in secure contexts (https, localhost); docs/kiosk.md gives the browser
  // flag that makes the gate controller's plain-http address one.
  const base = import.meta.env.BASE_URL;
  const hadWorker = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker
    .register(`${base}sw.js`, { scope: base })
    .then((registration) => {
      setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    })
    .catch((error: unknown) => console.warn("no service worker: a reload needs the controller", error));
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // The first load's state request went past the worker (it was not in charge yet): ask again
    // through it, so a reload without the controller finds a state in its cache from the start.
    void fetchKioskState(params.channel);
    // A new build took over: load it, but never under a traveler's finger.
    if (!hadWorker) return;
    const reloadWhenIdle = () => {
      if (app.getAttribute("data-mode") === "browse") setTimeout(reloadWhenIdle, 5_000);
      else location.reload();
    };
    reloadWhenIdle();
  });
}

document.body.append(app);
