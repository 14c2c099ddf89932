/**
 * The kiosk's entry: reads the URL, starts the app, and keeps the service worker that lets a reload
 * work while the controller is unreachable.
 */
import { fetchKioskState } from "../shared/api.js";
import "./gc-kiosk-app.js";
import "./page.css";
import { EnrolmentStore } from "../shared/enrolment.js";
import { lockDown } from "../shared/lockdown.js";
import { registerDisplayWorker } from "../shared/worker-registration.js";
import { kioskIdInUrl, readParams } from "./params.js";

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

// No context menu (a long press), selection, drag or browser shortcut gives a traveler a way out of
// the kiosk. Not in the console's preview: the operator's own browser keeps its keys.
if (!params.preview) lockDown(window);
else document.addEventListener("contextmenu", (event) => event.preventDefault());

// A preview (the console's iframe) is no kiosk: it installs no worker in the operator's browser.
if (!params.preview) {
  registerDisplayWorker((hadWorker) => {
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
