// The http step signing in with each generic kind of credential, against a real local HTTP server
// that requires it: the right secret passes, none or a wrong one is refused (a step error), the
// config cannot silently override the credential, and no secret shows in a message. Then each
// kind's `verify`: good, bad (the field named), no answer at all (thrown).
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthenticationError, type CredentialVerification, credentialDefinitionOf, RetryableError, type StepCredential, StepError } from "@interflow/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { closeHttpAgent } from "./agent";
import { httpComponent } from "./http";
import { request } from "./request";

const USERNAME = "ada";
const PASSWORD = "pw-4f1c9a7e2b";
const TOKEN = "tok-8d3e6b2a9c";
const API_KEY = "key-5a7c1e9f3d";
const SECRETS = [PASSWORD, TOKEN, API_KEY, Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")];

let server: Server;
let baseUrl: string;
let seen: Array<{ url: string; authorization?: string; apiKey?: string }> = [];

/** Whether the request carries the credential the path requires; `/<kind>-down` paths fail with 503 once signed in. */
function signedIn(req: IncomingMessage, url: URL): boolean {
  switch (url.pathname.replace(/-down$/, "")) {
    case "/basic":
      return req.headers.authorization === `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")}`;
    case "/bearer":
      return req.headers.authorization === `Bearer ${TOKEN}`;
    case "/key-header":
      return req.headers["x-api-key"] === API_KEY;
    case "/key-query":
      return url.searchParams.get("api_key") === API_KEY;
    default:
      return true;
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://api.test");
      seen.push({ url: req.url ?? "", authorization: req.headers.authorization, apiKey: req.headers["x-api-key"] as string | undefined });
      const status = url.pathname === "/missing" ? 404 : !signedIn(req, url) ? (req.headers.authorization || req.headers["x-api-key"] ? 403 : 401) : url.pathname.endsWith("-down") ? 503 : 200;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 200 ? { me: USERNAME } : { error: `status ${status}` }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeHttpAgent();
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  seen = [];
});

const basic = (password = PASSWORD): StepCredential => ({ authKind: "basic", fields: { username: USERNAME, password } });
const bearer = (token = TOKEN): StepCredential => ({ authKind: "bearer", fields: { token } });
const keyIn = (where: "header" | "query", key = API_KEY): StepCredential => ({ authKind: "api-key", fields: { where, name: where === "header" ? "X-API-Key" : "api_key", key } });

/** each kind: the path that requires it, the right and a wrong credential, the secret field and what is refused */
const kinds = [
  { kind: "basic", path: "/basic", good: basic(), wrong: basic("nope"), field: "password", what: "the username and password" },
  { kind: "bearer", path: "/bearer", good: bearer(), wrong: bearer("nope"), field: "token", what: "the token" },
  { kind: "api-key in a header", path: "/key-header", good: keyIn("header"), wrong: keyIn("header", "nope"), field: "key", what: "the API key" },
  { kind: "api-key in the query", path: "/key-query", good: keyIn("query"), wrong: keyIn("query", "nope"), field: "key", what: "the API key" },
];

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof Error)) throw new Error("expected the step to fail");
  return error;
}

/** Everything a failure shows: its message and its details (what goes to the error store and the logs). */
function shown(error: Error): string {
  return `${error.message} ${JSON.stringify((error as StepError).details ?? null)}`;
}

describe("the http step with a credential", () => {
  it.each(kinds)("$kind: the right secret is answered 200, on every request", async ({ path, good }) => {
    for (const id of ["msg-1", "msg-2"]) {
      const { emitted } = await runStep(request, { config: { url: `${baseUrl}${path}?source=test` }, body: { a: 1 }, credential: good, id });
      expect(emitted).toEqual([expect.objectContaining({ status: 200, body: { me: USERNAME } })]);
    }
    expect(seen).toHaveLength(2);
  });

  it.each(kinds)("$kind: no credential or a wrong one is refused with 401/403, an authentication error that shows no secret", async ({ path, wrong }) => {
    const none = await failureOf(runStep(request, { config: { url: `${baseUrl}${path}` }, body: {} }));
    expect(none).toBeInstanceOf(AuthenticationError);
    expect(none.message).toBe(`POST ${baseUrl}${path} answered 401`);
    expect((none as AuthenticationError).reason).toBe("HTTP 401");
    const refused = await failureOf(runStep(request, { config: { url: `${baseUrl}${path}` }, body: {}, credential: wrong }));
    // a StepError all the same: not retried, the message goes to the error store; the runner marks the credential too
    expect(refused).toBeInstanceOf(StepError);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused.message).toMatch(new RegExp(`^POST ${baseUrl}${path} answered 40[13]$`));
    expect((refused as AuthenticationError).reason).toMatch(/^HTTP 40[13]$/);
    for (const secret of [...SECRETS, "nope"]) expect(shown(refused)).not.toContain(secret);
  });

  it("sends the API key as a query parameter after the URL's own, and never shows it: not in the label, not on failure", async () => {
    await runStep(request, { config: { method: "GET", url: `${baseUrl}/key-query?page=2&sort=name` }, body: {}, credential: keyIn("query") });
    expect(seen.map((s) => s.url)).toEqual([`/key-query?page=2&sort=name&api_key=${API_KEY}`]);
    // the API answers 503 once signed in: retried, the message names the request without its query
    const down = await failureOf(runStep(request, { config: { url: `${baseUrl}/key-query-down?x=1` }, body: {}, credential: keyIn("query") }));
    expect(down).toBeInstanceOf(RetryableError);
    expect(down.message).toBe(`POST ${baseUrl}/key-query-down answered 503`);
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, "close");
    const unreachable = await failureOf(runStep(request, { config: { url: `http://127.0.0.1:${port}/key-query` }, body: {}, credential: keyIn("query") }));
    expect(unreachable).toBeInstanceOf(RetryableError);
    expect(unreachable.message).toMatch(/ECONNREFUSED/);
    for (const error of [down, unreachable]) for (const secret of SECRETS) expect(shown(error)).not.toContain(secret);
  });

  it("refuses a config header or query parameter the credential sets, naming it, sending nothing", async () => {
    const cases: Array<[config: Record<string, unknown>, StepCredential, string]> = [
      [{ url: `${baseUrl}/bearer`, headers: { Authorization: "Bearer other" } }, bearer(), "config.headers.Authorization: the step's credential (bearer) sets Authorization; remove it from the step's headers"],
      [{ url: `${baseUrl}/basic`, headers: { authorization: "x" } }, basic(), "config.headers.authorization: the step's credential (basic) sets authorization"],
      [{ url: `${baseUrl}/key-header`, headers: { "x-api-KEY": "other" } }, keyIn("header"), "config.headers.x-api-KEY: the step's credential (api-key) sets x-api-KEY"],
      [{ url: `${baseUrl}/key-query?api_key=other` }, keyIn("query"), 'config.url: its query sets "api_key", which the step\'s credential (api-key) sets; remove it from the URL'],
    ];
    for (const [config, credential, message] of cases) {
      const error = await failureOf(runStep(request, { config, body: {}, credential }));
      expect(error).toBeInstanceOf(StepError);
      expect(error.message).toContain(message);
      for (const secret of SECRETS) expect(error.message).not.toContain(secret);
    }
    expect(seen).toEqual([]);
  });

  it("refuses a credential it cannot send, naming the field and never its value", async () => {
    const cases: Array<[StepCredential, string]> = [
      [{ authKind: "basic", fields: { username: `${USERNAME}:${PASSWORD}`, password: PASSWORD } }, "the step's credential (basic): username: must not contain a colon"],
      [{ authKind: "bearer", fields: { token: `${TOKEN}\r\nX-Evil: 1` } }, "the step's credential (bearer): token: must not contain line breaks"],
      [{ authKind: "api-key", fields: { where: "header", name: "Content-Length", key: API_KEY } }, "name: Content-Length is computed from the body"],
      [{ authKind: "api-key", fields: { where: "cookie", name: "k", key: API_KEY } }, "where: must be header or query"],
      [{ authKind: "oauth2-client-credentials", fields: {} }, "the step's credential (oauth2-client-credentials): no access token was granted yet"],
      [{ authKind: "oauth2-authorization-code", fields: { clientSecret: PASSWORD } }, "the account is not connected: connect it in Settings → Credentials"],
      [{ authKind: "digest", fields: {} }, 'not "digest"'],
    ];
    for (const [credential, message] of cases) {
      const error = await failureOf(runStep(request, { config: { url: `${baseUrl}/bearer` }, body: {}, credential }));
      expect(error).toBeInstanceOf(StepError);
      expect(error.message).toContain(message);
      for (const secret of SECRETS) expect(error.message).not.toContain(secret);
    }
    expect(seen).toEqual([]);
  });
});

describe("verifying an http credential", () => {
  const verify = (credential: StepCredential, verifyUrl: string | undefined): Promise<CredentialVerification> => {
    const definition = credentialDefinitionOf(httpComponent, credential.authKind);
    if (!definition?.verify) throw new Error(`http declares no verify for ${credential.authKind}`);
    return definition.verify({ fields: { ...credential.fields, verifyUrl }, signal: new AbortController().signal, fetch });
  };

  it.each(kinds)("$kind: verified with the right secret; the wrong one is refused at its field", async ({ path, good, wrong, field, what }) => {
    expect(await verify(good, `${baseUrl}${path}`)).toEqual({ verified: true });
    expect(seen.at(-1)?.url.startsWith(path)).toBe(true);
    const refused = await verify(wrong, `${baseUrl}${path}`);
    expect(refused).toEqual({ verified: false, field, message: expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:\\d+ refused ${what} \\(HTTP 40[13]\\)$`)) });
    for (const secret of [...SECRETS, "nope"]) expect(JSON.stringify(refused)).not.toContain(secret);
  });

  it("asks for an address when it has none or a wrong one, and gives the status of other answers", async () => {
    expect(await verify(bearer(), undefined)).toMatchObject({ verified: false, field: "verifyUrl", message: expect.stringContaining("give an address that needs the credential") });
    expect(await verify(bearer(), "ftp://api.test/me")).toMatchObject({ verified: false, field: "verifyUrl", message: "must be an absolute http:// or https:// URL" });
    expect(await verify(bearer(), `${baseUrl}/missing`)).toEqual({
      verified: false,
      field: "verifyUrl",
      message: `GET ${baseUrl}/missing answered HTTP 404: give an address that answers 2xx to a GET with the credential`,
    });
    expect(await verify(bearer(), `${baseUrl}/bearer-down`)).toEqual({ verified: false, message: expect.stringMatching(/^GET .*\/bearer-down answered HTTP 503: /) });
    expect(await verify({ authKind: "basic", fields: { username: "a:b", password: PASSWORD } }, `${baseUrl}/basic`)).toMatchObject({ verified: false, field: "username" });
    expect(seen.map((s) => s.url)).toEqual(["/missing", "/bearer-down"]);
  });

  it("throws when nobody answers (the runner turns it into a reason)", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, "close");
    const error = await failureOf(verify(keyIn("query"), `http://127.0.0.1:${port}/key-query`));
    expect(error.message).toMatch(new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/key-query failed: .*ECONNREFUSED`));
    expect(error.message).not.toContain(API_KEY);
  });
});
