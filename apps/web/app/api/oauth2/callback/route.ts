import { completeOAuth2Connection, getApiServicesFromEnv } from "@interflow/api";

export const dynamic = "force-dynamic";

/**
 * Where an application sends the person back after they allowed (or declined) access for an OAuth2
 * credential: the code is traded for tokens on the server, and the person lands on the credentials
 * page, which says what happened — or, when connecting began in a popup (the designer's wizard), on
 * a small page that tells the window that opened it and closes.
 */
export async function GET(req: Request) {
  const url = new URL(req.url);
  const q = url.searchParams;
  const services = getApiServicesFromEnv();
  const outcome = await completeOAuth2Connection(services, { state: q.get("state"), code: q.get("code"), error: q.get("error"), errorDescription: q.get("error_description") });
  const back = new URL(outcome.returnTo === "popup" ? "/oauth2/connected" : "/settings/credentials", services.appUrl);
  if (outcome.ok) back.searchParams.set("connected", outcome.credentialName);
  else back.searchParams.set("connectError", outcome.message);
  if (outcome.credentialId) back.searchParams.set("credential", outcome.credentialId);
  return Response.redirect(back.toString(), 303);
}
