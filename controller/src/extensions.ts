import { centralExtensions } from "./central/extension.js";
import type { Settings } from "./config/settings.js";
import type { Extension } from "./extension.js";
import { kioskHub } from "./kiosk/hub.js";
import { maintenanceExtension } from "./ops/maintenance-extension.js";
import { signExtension } from "./signs/sign-extension.js";

/** The features a gate runs, in start order. */
export function defaultExtensions(settings: Settings): Extension[] {
  const signs = signExtension(settings);
  return [
    kioskHub(),
    signs,
    ...centralExtensions(settings, { signHealth: () => signs.healthList() }),
    maintenanceExtension(),
  ];
}
