/**
 * The big screen's entry: reads the URL, starts the player, and keeps the service worker that lets a
 * reload work (and the loop's files play) while the controller is unreachable.
 */
import "./gc-screen-app.js";
import "./page.css";
import { kioskIdInUrl } from "../kiosk/params.js";
import { EnrolmentStore } from "../shared/enrolment.js";
import { lockDown } from "../shared/lockdown.js";
import { registerDisplayWorker } from "../shared/worker-registration.js";
import { readScreenParams } from "./params.js";

const app = document.createElement("gc-screen-app");
const enrolment = new EnrolmentStore(localStorage);
const preview = new URLSearchParams(location.search).get("preview") === "1";
const urlDeviceId = kioskIdInUrl(location.search);
if (urlDeviceId && !preview) {
  enrolment.takeFromUrl(location.hash, urlDeviceId, () =>
    history.replaceState(null, "", location.pathname + location.search),
  );
}
app.params = readScreenParams(location.search, localStorage, enrolment.enrolment?.kioskId);
app.store = localStorage;
app.enrolment = enrolment;

// Nobody touches a screen; a keyboard or mouse plugged into its PC gets nothing from the browser either.
lockDown(window);

// A new build took over: load it (the loop starts again from its kept state). A preview (the console's
// iframe) is no screen: it installs no worker in the operator's browser.
if (!preview) {
  registerDisplayWorker((hadWorker) => {
    if (hadWorker) location.reload();
  });
}

document.body.append(app);
