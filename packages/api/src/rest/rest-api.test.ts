// The REST API a script or another service uses: the OpenAPI document validates and matches what
// the endpoints do; a flow is imported, started and listed with a token; another workspace's flow
// is 404; bad input is a 4xx naming the field; executions, failed messages and credentials (names
// only) read through it.
import { randomUUID } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { newPerson, newPersonToken, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../testing/api-fixture";
import { writeOrderExecution } from "../testing/executions";
import { restResponse } from "./handler";
import { openApiDocument } from "./openapi";
import { pathParams, REST_OPERATIONS } from "./operations";

const services = useTestServices();
const BASE = "http://localhost:3000/api/v1";

async function api(method: string, path: string, p: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...p.headers };
  if (p.token) headers.authorization = `Bearer ${p.token}`;
  const body = p.rawBody ?? (p.body === undefined ? undefined : JSON.stringify(p.body));
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await restResponse(services, new Request(`${BASE}${path}`, { method, headers, body }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document whose every reference resolves", async () => {
    const { body, status, headers } = await api("GET", "/openapi.json");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("application/json");
    const result = await new Validator().validate(body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(body.openapi).toBe("3.1.0");

    const refs = [...JSON.stringify(body).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref.startsWith("#/"), ref).toBe(true);
      let node: unknown = body;
      for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
      expect(node, ref).toBeTypeOf("object");
    }
  });

  it("documents every operation with its path parameters, query parameters and body as the procedures take them", () => {
    const document = openApiDocument() as { paths: Record<string, Record<string, { operationId: string; parameters?: Array<{ name: string; in: string }>; requestBody?: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } } }>> };
    for (const operation of REST_OPERATIONS) {
      const documented = document.paths[`/api/v1${operation.path}`]?.[operation.method];
      expect(documented?.operationId, operation.operationId).toBe(operation.operationId);
      const inPath = (documented?.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(inPath).toEqual(pathParams(operation.path));
    }
    const executions = document.paths["/api/v1/flows/{id}/executions"]?.get;
    expect(executions?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["path:id", "query:status", "query:from", "query:to", "query:limit", "query:before", "query:messageId"]),
    );
    const retry = document.paths["/api/v1/flows/{id}/failed-messages/retry"]?.post;
    expect(Object.keys(retry?.requestBody?.content["application/json"].schema.properties ?? {})).toEqual(expect.arrayContaining(["messages", "all", "body", "fromStep", "version", "restore"]));
    // the flow's id is in the path, never also in the body
    expect(retry?.requestBody?.content["application/json"].schema.properties).not.toHaveProperty("id");
  });
});

describe("/api/v1 with an API token", () => {
  it("imports a flow, starts it and lists it; another workspace's token gets 404 for it", async () => {
    const { token, workspaceId } = await newTenant(services);
    const imported = await api("POST", "/flows", { token, body: { document: webhookFlow("REST orders") } });
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ id: expect.any(String), name: "REST orders", version: 1 });
    const { id } = imported.body;

    const started = await api("POST", `/flows/${id}/start`, { token });
    expect(started).toMatchObject({ status: 200, body: { id, state: "stopped", requested: "start" } });
    expect((await takeControlCommands(services, id)).map((c) => [c.type, c.cause])).toEqual([["start", expect.stringContaining("token 'ci'")]]);

    const listed = await api("GET", "/flows", { token });
    expect(listed.status).toBe(200);
    expect(listed.body.flows).toEqual([expect.objectContaining({ id, name: "REST orders", state: "stopped" })]);
    const one = await api("GET", `/flows/${id}`, { token });
    expect(one.body).toMatchObject({ id, name: "REST orders", steps: [{ id: "hook" }, { id: "shape" }, { id: "send" }] });
    const exported = await api("GET", `/flows/${id}/export`, { token });
    expect(exported.body.document).toMatchObject({ schema: "interflow/flow@1", name: "REST orders" });

    // another workspace: the flow does not exist for it, whatever it tries
    const other = await newTenant(services);
    for (const [method, path] of [
      ["GET", `/flows/${id}`],
      ["GET", `/flows/${id}/export`],
      ["POST", `/flows/${id}/stop`],
      ["GET", `/flows/${id}/executions`],
      ["GET", `/flows/${id}/failed-messages`],
      ["POST", `/flows/${id}/failed-messages/discard`],
    ] as const) {
      const answer = await api(method, path, { token: other.token, body: method === "POST" ? { all: true } : undefined });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe("NOT_FOUND");
    }
    expect((await api("GET", "/flows", { token: other.token })).body.flows).toEqual([]);
    expect(await takeControlCommands(services, id)).toEqual([]);
    expect(workspaceId).not.toBe(other.workspaceId);
  });

  it("refuses without a valid token, and answers a viewer's change with 403", async () => {
    const { workspaceId, token } = await newTenant(services);
    const { body } = await api("POST", "/flows", { token, body: { document: webhookFlow("Guarded") } });

    const none = await api("GET", "/flows");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(none.body.error.message).toContain("Authorization: Bearer");
    expect((await api("GET", "/flows", { token: `if_${randomUUID()}` })).status).toBe(401);
    // a signed-in person's browser cookie is no way in: no other site can make a browser call this API
    const owner = await newPerson(services, { workspaceId, role: "owner" });
    expect((await api("GET", "/flows", { headers: { cookie: owner.cookie } })).status).toBe(401);
    // nor with a malformed bearer header beside it (no fall back to the cookie)
    const malformed = await api("GET", "/flows", { headers: { cookie: owner.cookie, authorization: "Bearer not one-token" } });
    expect(malformed.status).toBe(401);
    expect(malformed.body.flows).toBeUndefined();

    const viewer = await newPerson(services, { workspaceId, role: "viewer" });
    const viewerToken = await newPersonToken(services, { workspaceId, userId: viewer.userId });
    const refused = await api("POST", `/flows/${body.id}/start`, { token: viewerToken.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("viewers");
    expect((await api("GET", `/flows/${body.id}`, { token: viewerToken.token })).status).toBe(200);
  });

  it("answers bad input with a 4xx naming the field, and loses nothing", async () => {
    const { token } = await newTenant(services);
    const invalid = await api("POST", "/flows", { token, body: { document: { ...webhookFlow("Bad"), nodes: [] } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain("nodes");
    expect(invalid.body.error.issues?.length).toBeGreaterThan(0);
    const missing = await api("POST", "/flows", { token, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/document/);
    expect((await api("POST", "/flows", { token, rawBody: "{not json" })).body.error.message).toMatch(/^body: not valid JSON/);
    expect((await api("POST", "/flows", { token, rawBody: "[1]" })).body.error.message).toBe("body: must be a JSON object");
    expect((await api("POST", "/flows", { token, rawBody: "{}", headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await api("GET", "/flows", { token })).body.flows).toEqual([]);

    const { body } = await api("POST", "/flows", { token, body: { document: webhookFlow("Paged") } });
    const limit = await api("GET", `/flows/${body.id}/executions?limit=9999`, { token });
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toContain("limit: at most 500");
    expect(limit.body.error.fields).toHaveProperty("limit");
    const from = await api("GET", `/flows/${body.id}/executions?from=yesterday`, { token });
    expect(from.status).toBe(400);
    expect(from.body.error.message).toContain("from: an ISO date-time");
    const clash = await api("POST", `/flows/${body.id}/start`, { token, body: { id: "another" } });
    expect(clash.status).toBe(400);
    expect(clash.body.error.message).toMatch(/^id: given in the path/);

    // only the endpoint's own parameters; nothing reaches an object's prototype
    const unknown = await api("GET", `/flows/${body.id}/executions?colour=blue`, { token });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^colour: not a parameter of this endpoint/);
    for (const query of ["__proto__[messageId]=x", "constructor[prototype]=x", "before[__proto__]=x", "__proto__=x", "toString=1"]) {
      const polluting = await api("GET", `/flows/${body.id}/executions?${query}`, { token });
      expect(polluting.status, query).toBe(400);
    }
    expect(({} as Record<string, unknown>).messageId).toBeUndefined();
    expect((await api("GET", `/flows/${body.id}/executions`, { token })).status).toBe(200);

    expect((await api("GET", "/nowhere", { token })).status).toBe(404);
    const wrongMethod = await api("DELETE", "/flows", { token });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
    // a stopped flow cannot be resumed: a refused transition
    expect((await api("POST", `/flows/${body.id}/resume`, { token })).status).toBe(409);
  });

  it("reads a flow's executions and failed messages, discards them, and lists credentials without secrets", async () => {
    const { token, workspaceId, caller } = await newTenant(services);
    const { body: flow } = await api("POST", "/flows", { token, body: { document: webhookFlow("Observed") } });
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 9, minute));
    const ok = await writeOrderExecution(services, { workspaceId, flowId: flow.id, startedAt: at(1), outcome: "ok" });
    const failed = await writeOrderExecution(services, { workspaceId, flowId: flow.id, startedAt: at(2), outcome: "failed" });
    await writeOrderExecution(services, { workspaceId, flowId: flow.id, startedAt: at(3), outcome: "dropped" });

    const page = await api("GET", `/flows/${flow.id}/executions?status=ok,failed&limit=1`, { token });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 2, more: true, items: [{ id: failed.executionId, status: "failed" }] });
    const last = page.body.items[0];
    const next = await api("GET", `/flows/${flow.id}/executions?status=ok&status=failed&limit=1&before[at]=${encodeURIComponent(last.startedAt)}&before[id]=${last.id}`, { token });
    expect(next.body.items.map((e: { id: string }) => e.id)).toEqual([ok.executionId]);

    const one = await api("GET", `/executions/${failed.executionId}`, { token });
    expect(one.status).toBe(200);
    expect(one.body.records.map((r: { stepId: string }) => r.stepId)).toContain("send");
    const other = await newTenant(services);
    expect((await api("GET", `/executions/${failed.executionId}`, { token: other.token })).status).toBe(404);

    const messages = await api("GET", `/flows/${flow.id}/failed-messages`, { token });
    expect(messages.body.items).toEqual([expect.objectContaining({ id: failed.failedId, stepId: "send" })]);
    const discarded = await api("POST", `/flows/${flow.id}/failed-messages/discard`, { token, body: { messages: [failed.failedId] } });
    expect(discarded).toMatchObject({ status: 200, body: { discarded: 1 } });
    expect((await api("GET", `/flows/${flow.id}/failed-messages`, { token })).body.items).toEqual([]);

    const secret = `s3cr3t-${randomUUID()}`;
    await caller.credentials.create({ name: "Billing", component: "http", authKind: "bearer", values: { verifyUrl: "https://billing.example.test/me" }, secrets: { token: secret } });
    const credentials = await api("GET", "/credentials", { token });
    expect(credentials.body.credentials).toEqual([expect.objectContaining({ name: "Billing", component: "http", authKind: "bearer" })]);
    expect(JSON.stringify(credentials.body)).not.toContain(secret);
    expect(JSON.stringify(credentials.body)).not.toContain(secret.slice(0, 10));
  });
});
