/**
 * Which refusals a gate tries again at the next poll. Its own module, free of Node imports, because
 * the console shows the same thing ("tried again at the next poll") and bundles this file.
 */
import type { RefusalCode } from "./manifest.js";

/**
 * The next download may be whole. `tampered` too: a proxy or a CDN edge can hand out one corrupt
 * copy, and a hostile server gains nothing by it but another refused (and audited) download. The
 * others are not retried for the same bytes.
 */
export const RETRYABLE_REFUSALS: ReadonlySet<RefusalCode> = new Set<RefusalCode>([
  "truncated",
  "tampered",
  "missing-file",
  "disk-full",
  "write-failed",
]);
