import type { CredentialVerification, CredentialVerifyContext } from "@interflow/sdk";
import { clientCredentialsToken, fieldAtFault, OAuth2Error, oauth2ClientOf } from "@interflow/oauth2";
import { httpAuthOf } from "./auth";
import { withAuth } from "./authorised-plan";
import { isHttpUrl } from "./config";
import { requestPlanOf } from "./request-plan";
import { sendRequest } from "./send";

/** The runner's time limit for verifying ends the request sooner; this only bounds a runaway one. */
const VERIFY_TIMEOUT_MS = 60_000;

function verifyUrlProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") {
    return "give an address that needs the credential (e.g. https://api.example.com/me) to verify it, or save it unverified";
  }
  if (!isHttpUrl(value)) return "must be an absolute http:// or https:// URL";
  if (new URL(value).username !== "") return "must not contain user:password (the credential signs the request)";
  return undefined;
}

/**
 * Verifies an http credential: one GET of its `verifyUrl` with the credential applied as a step
 * would apply it. 2xx: verified; 401/403: refused, naming the secret field; any other answer: its
 * status. No answer at all (refused connection, unknown host) is thrown: the runner says why.
 */
export function verifyHttpCredential(authKind: string): (ctx: CredentialVerifyContext) => Promise<CredentialVerification> {
  return async ({ fields, signal }) => {
    const problem = verifyUrlProblem(fields.verifyUrl);
    if (problem) return { verified: false, field: "verifyUrl", message: problem };
    const url = String(fields.verifyUrl);
    const auth = httpAuthOf({ authKind, fields });
    if (!auth.ok) return { verified: false, field: auth.field, message: auth.message };
    const applied = withAuth(requestPlanOf({ method: "GET", url, timeoutMs: VERIFY_TIMEOUT_MS }), auth.auth);
    if (!applied.ok) return { verified: false, field: "verifyUrl", message: `the address sets "${auth.auth.name}" in its query, which the API key sets; remove it from the address` };
    const { plan } = applied;
    const { status } = await sendRequest({ plan, headers: plan.headers, body: undefined, signal });
    if (status >= 200 && status < 300) return { verified: true };
    const host = new URL(url).host;
    if (status === 401 || status === 403) return { verified: false, field: auth.auth.secretField, message: `${host} refused ${auth.auth.what} (HTTP ${status})` };
    if ((status >= 300 && status < 400) || status === 404 || status === 405) {
      return { verified: false, field: "verifyUrl", message: `${plan.label} answered HTTP ${status}: give an address that answers 2xx to a GET with the credential` };
    }
    return { verified: false, message: `${plan.label} answered HTTP ${status}: the credential could not be checked; try again later, or save it unverified` };
  };
}

/**
 * Verifies an OAuth2 client-credentials credential: gets one access token (a wrong secret names
 * the secret, an unreachable token URL names it), then, with an address to verify with, calls it
 * with the token as a step would.
 */
export async function verifyClientCredentials(ctx: CredentialVerifyContext): Promise<CredentialVerification> {
  const found = oauth2ClientOf(ctx.fields);
  if (!found.ok) return { verified: false, field: found.field, message: found.message };
  let accessToken: string;
  try {
    const scope = typeof ctx.fields.scope === "string" ? ctx.fields.scope : undefined;
    const audience = typeof ctx.fields.audience === "string" ? ctx.fields.audience : undefined;
    accessToken = (await clientCredentialsToken(found.client, { scope, audience }, ctx.signal)).accessToken;
  } catch (error) {
    if (!(error instanceof OAuth2Error)) throw error;
    return { verified: false, field: fieldAtFault(error), message: error.message };
  }
  if (typeof ctx.fields.verifyUrl !== "string" || ctx.fields.verifyUrl.trim() === "") return { verified: true };
  return verifyHttpCredential("oauth2-client-credentials")({ ...ctx, fields: { ...ctx.fields, accessToken } });
}
