// The http step with OAuth2 credentials: client credentials verified against a real local OAuth2
// server (the secret and the token URL named when wrong), and a step signing in with the access
// token the worker hands it.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type LocalOAuth2Server, startLocalOAuth2Server } from "@interflow/oauth2/testing";
import { credentialDefinitionOf } from "@interflow/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { closeHttpAgent } from "./agent";
import { httpComponent } from "./http";
import { request } from "./request";

let oauth: LocalOAuth2Server;
let api: Server;
let apiUrl: string;
const authorizations: Array<string | undefined> = [];

beforeAll(async () => {
  oauth = await startLocalOAuth2Server();
  api = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    const known = oauth.issuedAccessTokens.some((token) => req.headers.authorization === `Bearer ${token}`);
    res.writeHead(known ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify({ ok: known }));
  });
  api.listen(0, "127.0.0.1");
  await once(api, "listening");
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeHttpAgent();
  api.closeAllConnections();
  api.close();
  await oauth.stop();
});

const verify = (fields: Record<string, unknown>) =>
  credentialDefinitionOf(httpComponent, "oauth2-client-credentials")?.verify?.({ fields, signal: new AbortController().signal, fetch });

describe("OAuth2 client credentials", () => {
  const fields = () => ({ tokenUrl: oauth.tokenUrl, clientId: oauth.clientId, clientSecret: oauth.clientSecret, scope: "reports" });

  it("verifies by getting a token, and calls the address to verify with using it", async () => {
    expect(await verify(fields())).toEqual({ verified: true });
    expect(oauth.grants.at(-1)).toMatchObject({ grantType: "client_credentials", scope: "reports" });
    expect(await verify({ ...fields(), verifyUrl: `${apiUrl}/me` })).toEqual({ verified: true });
    expect(authorizations.at(-1)).toBe(`Bearer ${oauth.issuedAccessTokens.at(-1)}`);
  });

  it("names the client secret when the server refuses the client, and the token URL when it is not there", async () => {
    const wrong = await verify({ ...fields(), clientSecret: "wrong-secret-1" });
    expect(wrong).toMatchObject({ verified: false, field: "clientSecret", message: expect.stringContaining("invalid_client") });
    expect(JSON.stringify(wrong)).not.toContain("wrong-secret-1");
    expect(await verify({ ...fields(), tokenUrl: "http://127.0.0.1:9/token" })).toMatchObject({ verified: false, field: "tokenUrl" });
    expect(await verify({ ...fields(), clientId: "" })).toMatchObject({ verified: false, field: "clientId" });
  });
});

describe("a step signing in with OAuth2", () => {
  it("sends the access token the worker gave it as a bearer token", async () => {
    await verify({ tokenUrl: oauth.tokenUrl, clientId: oauth.clientId, clientSecret: oauth.clientSecret });
    const accessToken = oauth.issuedAccessTokens.at(-1) ?? "";
    const { emitted } = await runStep(request, {
      config: { url: `${apiUrl}/orders` },
      body: { id: 1 },
      credential: { authKind: "oauth2-authorization-code", fields: { clientId: oauth.clientId, clientSecret: oauth.clientSecret, accessToken, tokenType: "Bearer" } },
    });
    expect(emitted[0]).toMatchObject({ status: 200, body: { ok: true } });
    expect(authorizations.at(-1)).toBe(`Bearer ${accessToken}`);
  });
});
