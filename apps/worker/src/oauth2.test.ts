// OAuth2 credentials in running flows, against a real authorization server on localhost, real
// PostgreSQL, Redis and the worker with its runner processes: a flow's http step sends the access
// token the worker obtained; a token near expiry is refreshed once however many ask at the same
// time (the application sees one refresh), and the running flow carries on with the new token; a
// revoked refresh token marks the credential for reconnection, shown on the flow's dashboard.
import { createServer, type Server } from "node:http";
import { createCredential, createFlow, getOAuthCredential, openOAuthTokens, storeOAuthTokens } from "@interflow/db";
import type { FlowDocument } from "@interflow/flow";
import { authorizationUrlOf, exchangeCode, newPkce, newState } from "@interflow/oauth2";
import { type LocalOAuth2Server, startLocalOAuth2Server } from "@interflow/oauth2/testing";
import { sendControlCommand } from "@interflow/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFreshTokens } from "./oauth2-tokens";
import { exampleFlow, type Harness, postOrder, startHarness, waitForState } from "./testing/harness";

let h: Harness;
let oauth: LocalOAuth2Server;
let api: Server;
let apiUrl: string;
/** the Authorization header of each request the API got */
const seen: Array<string | undefined> = [];

beforeAll(async () => {
  oauth = await startLocalOAuth2Server();
  // the worker looks at tokens every 200 ms here (10 s by default)
  h = await startHarness({ database: "interflow_worker_oauth2_test", redisDb: 7, workerEnv: { INTERFLOW_OAUTH2_LOOK_MS: "200", INTERFLOW_IDLE_SECONDS: "3600" } });
  api = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push(req.headers.authorization);
      const known = oauth.issuedAccessTokens.some((token) => req.headers.authorization === `Bearer ${token}`);
      res.writeHead(known ? 200 : 401, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
});
afterAll(async () => {
  api?.closeAllConnections();
  api?.close();
  await h?.close();
  await oauth?.stop();
});

/** An authorization-code credential connected as a person would (sign-in page → redirect → code), its token expiring in `expiresInMs`. */
async function connectedCredential(name: string, expiresInMs: number): Promise<string> {
  const { id } = await createCredential(h.db, {
    workspaceId: h.workspaceId,
    key: h.encryptionKey,
    name,
    component: "http",
    authKind: "oauth2-authorization-code",
    values: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl, clientId: oauth.clientId },
    secrets: { clientSecret: oauth.clientSecret },
    createdBy: "worker test",
  });
  const pkce = newPkce();
  const redirectUri = "http://127.0.0.1:9/api/oauth2/callback";
  const page = await fetch(authorizationUrlOf({ authorizationUrl: oauth.authorizationUrl, clientId: oauth.clientId, redirectUri, state: newState(), codeChallenge: pkce.challenge }), { redirect: "manual" });
  const code = new URL(page.headers.get("location") ?? "").searchParams.get("code") ?? "";
  const { expiresAt: _, ...tokens } = await exchangeCode({ tokenUrl: oauth.tokenUrl, clientId: oauth.clientId, clientSecret: oauth.clientSecret }, { code, redirectUri, codeVerifier: pkce.verifier });
  await storeOAuthTokens(h.db, { credentialId: id, key: h.encryptionKey, tokens, expiresAt: new Date(Date.now() + expiresInMs) });
  return id;
}

const storedTokens = async (id: string) => {
  const row = await getOAuthCredential(h.db, id);
  return openOAuthTokens({ key: h.encryptionKey, credentialId: id, envelope: row?.oauthTokens ?? "" });
};

function signedInFlow(name: string, credentialId: string): FlowDocument {
  const document = exampleFlow(apiUrl, name);
  return { ...document, nodes: document.nodes.map((node) => (node.id === "deliver" ? { ...node, credentialId } : node)) };
}

describe("OAuth2 tokens", () => {
  it("are refreshed once however many ask at the same time", async () => {
    const id = await connectedCredential("CRM (race)", 60_000);
    const before = oauth.grants.filter((g) => g.grantType === "refresh_token").length;
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => ensureFreshTokens({ db: h.db, redis: h.redis, encryptionKey: h.encryptionKey }, id)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.filter((o) => o.ok && o.refreshed)).toHaveLength(1);
    expect(oauth.grants.filter((g) => g.grantType === "refresh_token").length).toBe(before + 1);
    expect((await storedTokens(id)).accessToken).toBe(oauth.issuedAccessTokens.at(-1));
    expect((await getOAuthCredential(h.db, id))?.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 3000_000);
  });

  it("reach a running flow's step, are renewed ahead of expiry while it runs, and a revoked grant shows on the flow", async () => {
    const id = await connectedCredential("CRM (flow)", 3600_000);
    const first = (await storedTokens(id)).accessToken;
    const flowId = (await createFlow(h.db, { workspaceId: h.workspaceId, document: signedInFlow("OAuth2 orders", id) })).id;
    await sendControlCommand(h.services.controlQueue, { type: "start", flowId, workspaceId: h.workspaceId, cause: "test" });
    await waitForState(h.caller, flowId, "running");
    expect(await postOrder(h.gateway.url, flowId, 1)).toBe(202);
    await expect.poll(() => seen.at(-1), { timeout: 30_000 }).toBe(`Bearer ${first}`);

    // the token nears its expiry: the worker refreshes it and the flow goes on with the new one
    await h.db.prisma.credential.update({ where: { id }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    await expect.poll(async () => (await storedTokens(id)).accessToken, { timeout: 30_000 }).not.toBe(first);
    const second = (await storedTokens(id)).accessToken;
    await waitForState(h.caller, flowId, "running");
    await expect
      .poll(
        async () => {
          await postOrder(h.gateway.url, flowId, 2);
          return seen.at(-1);
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(`Bearer ${second}`);

    // the application revokes the grant: the next refresh is refused, the flow shows the credential needs reconnecting
    oauth.revoked.add((await storedTokens(id)).refreshToken ?? "");
    await h.db.prisma.credential.update({ where: { id }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    await expect.poll(async () => (await getOAuthCredential(h.db, id))?.needsReconnection, { timeout: 30_000 }).toBe(true);
    const dashboard = await h.caller.flows.dashboard();
    const step = dashboard.flows.find((f) => f.id === flowId)?.steps.find((s) => s.id === "deliver");
    expect(step?.credentialProblem).toMatchObject({ credentialId: id, credentialName: "CRM (flow)", message: expect.stringMatching(/refused to renew its access \(invalid_grant\): connect the account again/) });
    await sendControlCommand(h.services.controlQueue, { type: "stop", flowId, workspaceId: h.workspaceId, cause: "test" });
    await waitForState(h.caller, flowId, "stopped");
  });
});
