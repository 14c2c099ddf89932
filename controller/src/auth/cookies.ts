/**
 * The little of RFC 6265 the console needs: read the `Cookie` header, write one `Set-Cookie`.
 * Values are not URL-decoded: our only cookie holds a base64url token, which needs no encoding.
 */

/** Cookies of a request, first occurrence of a name wins (as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
  secure: boolean;
  path?: string;
}

const TOKEN = /^[A-Za-z0-9_-]*$/;

/** A `Set-Cookie` value that is always HttpOnly and SameSite=Strict. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  // Only what we write ourselves goes here; refuse anything that could split the header.
  if (!TOKEN.test(name) || !TOKEN.test(value)) throw new Error("cookie name and value must be base64url");
  const parts = [
    `${name}=${value}`,
    `Path=${options.path ?? "/"}`,
    `Max-Age=${Math.max(0, Math.round(options.maxAge))}`,
    "HttpOnly",
    "SameSite=Strict",
  ];
  if (options.maxAge <= 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}
