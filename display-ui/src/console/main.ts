/**
 * The operator console's entry: one API client for the app, the page's stylesheet, the app element.
 * The console installs no service worker: it is used on the gate LAN, and stale content in an
 * editor would be worse than no editor.
 */
import { ApiClient } from "./api/http.js";
import "./gc-console-app.js";
import "./page.css";

const app = document.createElement("gc-console-app");
app.base = import.meta.env.BASE_URL;
app.store = localStorage;
app.api = new ApiClient(() => app.sessionLost());
document.body.append(app);
