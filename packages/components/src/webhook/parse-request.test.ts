import { WebhookRequestError, type WebhookRequest } from "@interflow/sdk";
import { describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { receive } from "./webhook";

function request(overrides: Partial<WebhookRequest> & { text?: string }): WebhookRequest {
  const { text, ...rest } = overrides;
  return { method: "POST", path: "/", query: {}, headers: {}, body: Buffer.from(text ?? ""), ...rest };
}

const parse = (req: WebhookRequest) => receive.parseRequest!(req, receive.config.parse({}));

describe("webhook receive: parseRequest", () => {
  it("parses a JSON body", () => {
    const message = parse(request({ headers: { "content-type": "application/json; charset=utf-8" }, text: '{"a":1,"b":[true,null]}' }));
    expect(message.body).toEqual({ a: 1, b: [true, null] });
  });

  it("parses +json media types and skips a UTF-8 byte order mark", () => {
    const message = parse(request({ headers: { "content-type": "application/vnd.api+json" }, text: '\ufeff["x"]' }));
    expect(message.body).toEqual(["x"]);
  });

  it("refuses malformed JSON with 400 and a message naming the problem", () => {
    const req = request({ headers: { "content-type": "application/json" }, text: '{"order": 12,}' });
    let error: unknown;
    try {
      parse(req);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WebhookRequestError);
    expect((error as WebhookRequestError).status).toBe(400);
    expect((error as Error).message).toMatch(/^request body is not valid JSON: Expected double-quoted property name in JSON at position 13/);
  });

  it("turns a form into fields, repeated names into arrays", () => {
    const message = parse(
      request({
        headers: { "content-type": "application/x-www-form-urlencoded" },
        text: "name=Ada+Lovelace&tag=a&tag=b&tag=c&note=%C3%A9t%C3%A9&__proto__=x",
      }),
    );
    expect(message.body).toEqual({ name: "Ada Lovelace", tag: ["a", "b", "c"], note: "été", ["__proto__"]: "x" });
    expect(Object.getPrototypeOf(message.body)).toBe(Object.prototype);
  });

  it("keeps text and unknown bodies as raw utf-8 text", () => {
    expect(parse(request({ headers: { "content-type": "text/plain" }, text: "héllo" })).body).toEqual({ raw: "héllo" });
    expect(parse(request({ headers: { "content-type": "application/xml" }, text: "<a/>" })).body).toEqual({ raw: "<a/>" });
    expect(parse(request({ text: "no type" })).body).toEqual({ raw: "no type" });
  });

  it("gives an empty object for an empty body", () => {
    expect(parse(request({ method: "GET" })).body).toEqual({});
    expect(parse(request({ headers: { "content-type": "application/json" } })).body).toEqual({});
  });

  it("puts method, path, query and lower-case headers without hop-by-hop ones in the message headers", () => {
    const message = parse(
      request({
        method: "GET",
        path: "/orders/42",
        query: { page: "2", tag: ["a", "b"] },
        headers: {
          Host: "example.test",
          "X-Signature": "abc",
          connection: "keep-alive, x-hop, content-type",
          "keep-alive": "timeout=5",
          "transfer-encoding": "chunked",
          "x-hop": "dropped",
          "content-type": "text/plain",
          "x-absent": undefined,
          "set-cookie": ["a=1", "b=2"],
        },
      }),
    );
    expect(message.headers).toEqual({
      method: "GET",
      path: "/orders/42",
      query: { page: "2", tag: ["a", "b"] },
      headers: { host: "example.test", "x-signature": "abc", "content-type": "text/plain", "set-cookie": ["a=1", "b=2"] },
    });
  });

  it("accepts future config fields", () => {
    expect(receive.config.safeParse({ somethingLater: true }).success).toBe(true);
  });
});

describe("webhook receive: process", () => {
  it("passes the body on with the request's headers", async () => {
    const headers = { method: "POST", path: "/", query: {}, headers: {} };
    const { emittedMessages } = await runStep(receive, { config: {}, body: { a: 1 }, headers });
    expect(emittedMessages).toEqual([{ body: { a: 1 }, headers }]);
  });
});
