/** Types of kiosk-policy.mjs (plain JavaScript: install.sh runs it with the system's node). */
export declare const MANAGED_POLICY_DIR: string;
export declare const POLICY_FILE_NAME: string;
export declare class PolicyError extends Error {}
export type ChromiumPolicy = Record<string, unknown> & { URLBlocklist?: string[]; URLAllowlist?: string[] };
export declare function pageOrigins(pageUrls: readonly string[]): string[];
export declare function renderPolicy(templateText: string, pageUrls: readonly string[]): ChromiumPolicy;
export declare function checkPolicy(text: string, pageUrls: readonly string[]): ChromiumPolicy;
export declare function urlVerdict(
  policy: ChromiumPolicy,
  url: string,
): { allowed: boolean; filter: string | undefined };
