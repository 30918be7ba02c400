import type { APIRequestContext } from "@playwright/test";

/**
 * Calls one tRPC procedure over HTTP as the web app does (no batching, no transformer), with the
 * cookies or headers of `request`; throws with the API's message when it refuses.
 */
export async function callApi<T>(request: APIRequestContext, procedure: string, input?: unknown, kind: "query" | "mutation" = "mutation"): Promise<T> {
  const response =
    kind === "query"
      ? await request.get(`/api/trpc/${procedure}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)
      : await request.post(`/api/trpc/${procedure}`, { data: input ?? {} });
  const body = await response.json();
  if (!response.ok()) throw new Error(`${procedure} answered ${response.status()}: ${body?.error?.message ?? JSON.stringify(body)}`);
  return body.result.data as T;
}

/** Someone new joins the workspace of `ownerRequest` (an owner's session) with `role`, without signing in. */
export async function addMember(
  ownerRequest: APIRequestContext,
  member: { name: string; email: string; password: string },
  role: "owner" | "editor" | "viewer",
): Promise<void> {
  const invitation = await callApi<{ url: string }>(ownerRequest, "invitations.create", { role, expiresInDays: 1 });
  const secret = new URL(invitation.url).pathname.split("/").at(-1);
  await callApi(ownerRequest, "invitations.signUp", { secret, ...member });
}
