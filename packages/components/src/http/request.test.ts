import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthenticationError, RetryableError, StepError } from "@interflow/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { closeHttpAgent } from "./agent";
import { request } from "./request";

interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let baseUrl: string;
let received: ReceivedRequest[] = [];
let connections = 0;

/** The sink's answers by path. */
function answer(path: string, res: import("node:http").ServerResponse, req: ReceivedRequest) {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };
  switch (path) {
    case "/orders":
      return json(200, { accepted: true, echo: req.body ? JSON.parse(req.body) : null }, { "x-order-id": "o-1" });
    case "/text":
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("plain answer");
    case "/broken-json":
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("{ nope");
    case "/fail":
      return json(500, { error: "database down" });
    case "/busy":
      return json(429, { error: "slow down" }, { "retry-after": "2" });
    case "/busy-until":
      return json(503, { error: "maintenance" }, { "retry-after": new Date(Date.now() + 5000).toUTCString() });
    case "/moved":
      res.writeHead(301, { location: "/orders" });
      return res.end();
    case "/slow":
      return; // never answers
    default:
      return json(404, { error: "no such order" });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const entry = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(entry);
      answer(new URL(req.url!, "http://sink").pathname, res, entry);
    });
  });
  server.on("connection", () => connections++);
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
  received = [];
});

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof Error)) throw new Error("expected the step to fail");
  return error;
}

describe("http request", () => {
  it("POSTs the message body as JSON with the message id as Idempotency-Key and emits the response", async () => {
    const { emitted } = await runStep(request, {
      config: { url: `${baseUrl}/orders?source=test`, headers: { "X-Api-Key": "secret" } },
      body: { orderId: 7, lines: [1, 2] },
      id: "msg-42",
    });
    expect(received).toHaveLength(1);
    const [sent] = received;
    expect(sent).toMatchObject({ method: "POST", url: "/orders?source=test", body: '{"orderId":7,"lines":[1,2]}' });
    expect(sent!.headers["content-type"]).toBe("application/json");
    expect(sent!.headers["idempotency-key"]).toBe("msg-42");
    expect(sent!.headers["x-api-key"]).toBe("secret");
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8", "x-order-id": "o-1" },
      body: { accepted: true, echo: { orderId: 7, lines: [1, 2] } },
    });
  });

  it("sends no body for GET and DELETE", async () => {
    await runStep(request, { config: { method: "GET", url: `${baseUrl}/orders` }, body: { ignored: true } });
    await runStep(request, { config: { method: "DELETE", url: `${baseUrl}/orders` }, body: { ignored: true }, id: "msg-del" });
    expect(received.map((r) => [r.method, r.body, r.headers["content-type"], r.headers["idempotency-key"]])).toEqual([
      ["GET", "", undefined, "msg-1"],
      ["DELETE", "", undefined, "msg-del"],
    ]);
  });

  it("uses a configured content-type and sends PUT and PATCH bodies", async () => {
    const headers = { "Content-Type": "application/vnd.api+json" };
    await runStep(request, { config: { method: "PUT", url: `${baseUrl}/orders`, headers }, body: { a: 1 } });
    await runStep(request, { config: { method: "PATCH", url: `${baseUrl}/orders` }, body: [1] });
    expect(received.map((r) => [r.method, r.body, r.headers["content-type"]])).toEqual([
      ["PUT", '{"a":1}', "application/vnd.api+json"],
      ["PATCH", "[1]", "application/json"],
    ]);
  });

  it("emits a text body when the response is not JSON", async () => {
    const { emitted } = await runStep(request, { config: { url: `${baseUrl}/text` }, body: {} });
    expect(emitted).toEqual([expect.objectContaining({ status: 200, body: "plain answer" })]);
  });

  it("fails a 2xx whose JSON body does not parse", async () => {
    const error = await failureOf(runStep(request, { config: { url: `${baseUrl}/broken-json` }, body: {} }));
    expect(error).toBeInstanceOf(StepError);
    expect(error.message).toMatch(/answered 200 with a JSON content-type but the body is not valid JSON/);
    expect((error as StepError).details).toMatchObject({ status: 200, body: "{ nope" });
  });

  it("500 → RetryableError with the response in details", async () => {
    const error = await failureOf(runStep(request, { config: { url: `${baseUrl}/fail` }, body: {} }));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toBe(`POST ${baseUrl}/fail answered 500`);
    expect((error as RetryableError).retryAfterMs).toBeUndefined();
    expect((error as RetryableError).details).toMatchObject({ status: 500, body: { error: "database down" } });
  });

  it("429 with Retry-After: 2 → RetryableError with retryAfterMs 2000", async () => {
    const error = await failureOf(runStep(request, { config: { url: `${baseUrl}/busy` }, body: {} }));
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBe(2000);
  });

  it("503 with Retry-After as an HTTP-date → RetryableError with the delay until then", async () => {
    const error = await failureOf(runStep(request, { config: { url: `${baseUrl}/busy-until` }, body: {} }));
    expect(error).toBeInstanceOf(RetryableError);
    // HTTP-dates have whole seconds: 5 s ahead reads as 4–5 s
    expect((error as RetryableError).retryAfterMs).toBeGreaterThan(3000);
    expect((error as RetryableError).retryAfterMs).toBeLessThanOrEqual(5000);
  });

  it("404 → StepError with the response in details", async () => {
    const error = await failureOf(runStep(request, { config: { url: `${baseUrl}/nothing-here` }, body: {} }));
    expect(error).toBeInstanceOf(StepError);
    // not a refused credential: nothing marks the step's credential
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(`POST ${baseUrl}/nothing-here answered 404`);
    expect((error as StepError).details).toEqual({
      status: 404,
      headers: expect.objectContaining({ "content-type": "application/json; charset=utf-8" }),
      body: { error: "no such order" },
    });
  });

  it("a redirect → StepError naming the location (redirects are not followed)", async () => {
    const error = await failureOf(runStep(request, { config: { url: `${baseUrl}/moved` }, body: {} }));
    expect(error).toBeInstanceOf(StepError);
    expect(error.message).toMatch(/answered 301 \(redirects are not followed; location: \/orders\)/);
  });

  it("keeps one connection alive across successes and failures", async () => {
    const before = connections;
    for (const path of ["/orders", "/fail", "/nothing-here", "/text", "/orders"]) {
      await runStep(request, { config: { url: `${baseUrl}${path}` }, body: {} }).catch(() => undefined);
    }
    expect(received).toHaveLength(5);
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it("connection refused → RetryableError", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, "close");
    const error = await failureOf(runStep(request, { config: { url: `http://127.0.0.1:${port}/orders` }, body: {} }));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect((error as RetryableError).details).toEqual({ code: "ECONNREFUSED" });
  });

  it("timeout → RetryableError", async () => {
    const started = Date.now();
    const error = await failureOf(runStep(request, { config: { url: `${baseUrl}/slow`, timeoutMs: 200 }, body: {} }));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toBe(`POST ${baseUrl}/slow timed out after 200 ms`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("runner shutdown while waiting → RetryableError", async () => {
    const shutdown = new AbortController();
    const pending = runStep(request, { config: { url: `${baseUrl}/slow` }, body: {}, signal: shutdown.signal });
    setTimeout(() => shutdown.abort(), 50);
    const error = await failureOf(pending);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toMatch(/aborted: the runner is shutting down/);
  });
});

describe("http request config", () => {
  const issuesOf = (config: unknown) => request.config.safeParse(config).error?.issues.map((i) => [i.path.join("."), i.message]);

  it("defaults method to POST and timeoutMs to 30000", () => {
    expect(request.config.parse({ url: "https://api.example.test/x" })).toEqual({ method: "POST", url: "https://api.example.test/x", timeoutMs: 30_000 });
  });

  it("refuses a url that is not http(s), naming the field", () => {
    expect(issuesOf({ url: "ftp://example.test/file" })).toEqual([["url", "must be an absolute http:// or https:// URL"]]);
    expect(issuesOf({ url: "/relative/path" })).toEqual([["url", "must be an absolute http:// or https:// URL"]]);
    expect(issuesOf({})).toEqual([["url", "must be an http:// or https:// URL"]]);
    expect(issuesOf({ url: "https://user:pw@example.test/" })).toEqual([["url", "must not contain user:password (give the step a credential)"]]);
  });

  it("refuses unknown methods, bad timeouts and headers the step sets itself", () => {
    expect(issuesOf({ url: "http://x.test", method: "HEAD" })?.[0]?.[0]).toBe("method");
    expect(issuesOf({ url: "http://x.test", timeoutMs: 0 })?.[0]?.[0]).toBe("timeoutMs");
    expect(issuesOf({ url: "http://x.test", headers: { "Idempotency-Key": "x", "bad name": "y", "x-ok": "a\r\nb" } })).toEqual([
      ["headers.Idempotency-Key", "Idempotency-Key is set to the message id on every request"],
      ["headers.bad name", "is not a valid header name"],
      ["headers.x-ok", "must not contain line breaks"],
    ]);
  });
});
