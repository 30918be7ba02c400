import { WebhookRequestError, type WebhookRequest } from "@interflow/sdk";
import { describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { receive } from "./webhook";

function request(overrides: Partial<WebhookRequest> & { text?: string }): WebhookRequest {
  const { text, ...rest } = overrides;
  return { method: "POST", path: "/", query: {}, headers: {}, body: Buffer.from(text ?? ""), ...rest };
}

const parse = (req: WebhookRequest) => receive.parseRequest!(req, receive.config.parse({}));
/** a trigger that takes every method and content type, and empty bodies */
const takingAll = receive.config.parse({ methods: ["POST", "PUT", "PATCH", "GET", "DELETE"], contentTypes: ["json", "form", "text", "xml", "any"], acceptEmpty: true });
const parseAny = (req: WebhookRequest) => receive.parseRequest!(req, takingAll);

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

  it("keeps text and unknown bodies as raw utf-8 text (when the trigger takes them)", () => {
    expect(parseAny(request({ headers: { "content-type": "text/plain" }, text: "héllo" })).body).toEqual({ raw: "héllo" });
    expect(parseAny(request({ headers: { "content-type": "application/xml" }, text: "<a/>" })).body).toEqual({ raw: "<a/>" });
    expect(parseAny(request({ text: "no type" })).body).toEqual({ raw: "no type" });
  });

  it("gives an empty object for an empty body (when the trigger takes one)", () => {
    expect(parseAny(request({ method: "GET" })).body).toEqual({});
    expect(parseAny(request({ headers: { "content-type": "application/json" } })).body).toEqual({});
  });

  it("puts method, path, query and lower-case headers without hop-by-hop ones in the message headers", () => {
    const message = parseAny(
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

function refusal(judge: () => unknown): { status: number; message: string; headers: Record<string, string> } | undefined {
  try {
    judge();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookRequestError);
    const e = error as WebhookRequestError;
    return { status: e.status, message: e.message, headers: e.headers };
  }
}

describe("webhook receive: the requests it takes", () => {
  const head = (method: string, headers: WebhookRequest["headers"] = {}) => ({ method, path: "/", query: {}, headers });
  const accept = (h: ReturnType<typeof head>, config = receive.config.parse({})) => refusal(() => receive.acceptRequest!(h, config));
  const json = { "content-type": "application/json", "content-length": "2" };

  it("takes POST, PUT and PATCH with JSON or form data by default", () => {
    expect(receive.config.parse({})).toEqual({ methods: ["POST", "PUT", "PATCH"], contentTypes: ["json", "form"], acceptEmpty: false });
    for (const method of ["POST", "put", "PATCH"]) expect(accept(head(method, json))).toBeUndefined();
    expect(accept(head("POST", { "content-type": "application/x-www-form-urlencoded; charset=utf-8", "content-length": "3" }))).toBeUndefined();
    expect(accept(head("POST", { "content-type": "application/vnd.api+json", "transfer-encoding": "chunked" }))).toBeUndefined();
  });

  it("refuses another method with 405 and Allow, naming what it takes", () => {
    expect(accept(head("GET"))).toEqual({
      status: 405,
      message: 'method GET is not accepted: this webhook takes POST, PUT or PATCH (its "Methods" setting)',
      headers: { allow: "POST, PUT, PATCH" },
    });
    expect(accept(head("DELETE"))?.status).toBe(405);
    expect(accept(head("HEAD"))?.status).toBe(405);
    expect(accept(head("GET"), receive.config.parse({ methods: ["GET"] }))).toBeUndefined();
  });

  it("refuses a content type it does not take with 415, naming it and what it takes", () => {
    expect(accept(head("POST", { "content-type": "text/plain", "content-length": "5" }))).toEqual({
      status: 415,
      message: 'content type text/plain is not accepted: this webhook takes JSON or form data (its "Content types" setting)',
      headers: {},
    });
    expect(accept(head("POST", { "content-length": "5" }))?.message).toMatch(/^content type \(none given\) is not accepted/);
    expect(accept(head("POST", { "content-type": "multipart/form-data; boundary=x", "content-length": "5" }))?.status).toBe(415);
    const text = receive.config.parse({ contentTypes: ["text", "xml"] });
    expect(accept(head("POST", { "content-type": "text/plain", "content-length": "5" }), text)).toBeUndefined();
    expect(accept(head("POST", { "content-type": "application/soap+xml", "content-length": "5" }), text)).toBeUndefined();
    expect(accept(head("POST", json), text)?.message).toBe('content type application/json is not accepted: this webhook takes text or XML (its "Content types" setting)');
  });

  it("refuses a POST, PUT or PATCH without a body with 400, unless it takes empty ones; a GET it takes has none", () => {
    expect(accept(head("POST"))).toEqual({
      status: 400,
      message: 'the request has no body: this webhook takes JSON or form data (to take requests without a body, turn on its "Accept an empty body" setting)',
      headers: {},
    });
    expect(accept(head("PUT", { "content-type": "application/json", "content-length": "0" }))?.status).toBe(400);
    expect(accept(head("POST"), receive.config.parse({ acceptEmpty: true }))).toBeUndefined();
    expect(accept(head("GET"), receive.config.parse({ methods: ["GET"] }))).toBeUndefined();
    // chunked, and nothing came: judged again once the body is read
    expect(refusal(() => parse(request({ headers: { "content-type": "application/json", "transfer-encoding": "chunked" } })))?.status).toBe(400);
    expect(refusal(() => parse(request({ headers: { "content-type": "text/plain" }, text: "x" })))?.status).toBe(415);
  });

  it("says which setting is wrong in a flow document", () => {
    const issues = (value: unknown) => receive.config.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ methods: [] })).toEqual(["methods: choose at least one method"]);
    expect(issues({ methods: ["TRACE"] })).toEqual(["methods.0: must be one of POST, PUT, PATCH, GET, DELETE"]);
    expect(issues({ contentTypes: ["html"] })).toEqual(["contentTypes.0: must be one of json, form, text, xml, any"]);
  });
});

describe("webhook receive: process", () => {
  it("passes the body on with the request's headers", async () => {
    const headers = { method: "POST", path: "/", query: {}, headers: {} };
    const { emittedMessages } = await runStep(receive, { config: {}, body: { a: 1 }, headers });
    expect(emittedMessages).toEqual([{ body: { a: 1 }, headers }]);
  });
});
