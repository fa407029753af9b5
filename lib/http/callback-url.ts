/**
 * Where a visitor goes after signing in (issue #15, the review's open
 * redirect). The target comes from the query string, so anyone can write it
 * into a link to our own sign-in page. It is kept only when it is a place on
 * this site: resolved against the site's origin it must stay on that origin,
 * and it must hold nothing a URL parser quietly drops or reads as a slash
 * (control characters such as tab and newline, backslashes), in any
 * percent-encoded form either. Anything else sends the visitor to the queue.
 */
export const AFTER_SIGN_IN = "/review";

const MAX_LENGTH = 2000;
/** C0 controls (tab, newline, carriage return among them), DEL, and the backslash browsers read as "/". */
const isUnsafeCharacter = (code: number) => code < 0x20 || code === 0x7f || code === 0x5c;
const hasUnsafeCharacter = (text: string) => [...text].some((c) => isUnsafeCharacter(c.charCodeAt(0)));
// Protocol-relative forms: "//host", and "/\host" once a backslash counts as a slash.
const PROTOCOL_RELATIVE = /^[/\\]{2}/;

/** The text and each percent-decoding of it (a few rounds), so "%09", "%2509" and "%5C" are seen for what they become. */
function decodings(raw: string): string[] {
  const forms = [raw];
  let current = raw;
  for (let round = 0; round < 3; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      // Not valid percent-encoding: the browser keeps it as typed, which is what was checked.
      break;
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

/**
 * The path (with query and fragment) to send a signed-in visitor to: `raw` when
 * it is a same-origin place on `origin`, else AFTER_SIGN_IN. Takes a path
 * ("/review/claims/x") or a full URL on the same origin.
 */
export function safeCallbackPath(raw: unknown, origin: string): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return AFTER_SIGN_IN;
  for (const form of decodings(raw)) {
    if (hasUnsafeCharacter(form) || PROTOCOL_RELATIVE.test(form)) return AFTER_SIGN_IN;
  }
  let site: URL;
  let target: URL;
  try {
    site = new URL(origin);
    target = new URL(raw, site);
  } catch {
    return AFTER_SIGN_IN;
  }
  if (target.origin !== site.origin) return AFTER_SIGN_IN;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // A path that reads as protocol-relative after resolution ("/.//host" normalised) is refused too.
  return PROTOCOL_RELATIVE.test(path) ? AFTER_SIGN_IN : path;
}

/** The desk's origin for resolving targets: NEXTAUTH_URL's, else the local default. */
export function signInOrigin(env: Readonly<Record<string, string | undefined>> = process.env): string {
  try {
    return new URL(env.NEXTAUTH_URL || "http://localhost").origin;
  } catch {
    return "http://localhost";
  }
}
