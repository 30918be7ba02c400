import { timingSafeEqual } from "node:crypto";
import { CLIENT_ADDRESS_HEADER, isLoopback } from "@interflow/queue";

/** The header (or `?token=` of the setup page, which sends it on) carrying the setup token. */
export const SETUP_TOKEN_HEADER = "x-interflow-setup-token";
export const SETUP_TOKEN_VARIABLE = "INTERFLOW_SETUP_TOKEN";

export const SETUP_NEEDS_TOKEN =
  "this installation has no owner yet, and the owner's account can only be made from the machine it runs on or with its setup token: open the setup link `npm start` printed (…/setup?token=…), or the address in INTERFLOW_SETUP_TOKEN";

/**
 * Whether a request may make the installation's first account (its owner): one from this machine's
 * loopback (as the web app's server saw the connection, never a header a client wrote), or one
 * carrying the setup token. So a freshly started public server cannot be claimed by whoever finds
 * it first. The refusal in words, or undefined.
 */
export function setupRefusal(p: { headers: Headers | undefined; setupToken: string | undefined }): string | undefined {
  const address = p.headers?.get(CLIENT_ADDRESS_HEADER) ?? "";
  if (address !== "" && isLoopback(address)) return undefined;
  const given = p.headers?.get(SETUP_TOKEN_HEADER) ?? "";
  if (p.setupToken && given.length === p.setupToken.length && timingSafeEqual(Buffer.from(given), Buffer.from(p.setupToken))) return undefined;
  return SETUP_NEEDS_TOKEN;
}
