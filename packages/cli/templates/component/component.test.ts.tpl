// The component's functions run as a step runner runs them (@interflow/sdk/testing), against a
// real HTTP server started here that answers as the __TITLE__ API would.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthenticationError, StepError } from "@interflow/sdk";
import { runPoll, runStep, verifyCredential } from "@interflow/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import component from "../src/index";

const API_KEY = "test-key";
const records: Array<{ id: number; updatedAt: string; [field: string]: unknown }> = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers["x-api-key"] !== API_KEY) return send(401, { error: "unknown key" });
    if (url.pathname === "/v1/me") return send(200, { account: "test" });
    if (url.pathname !== "/v1/records") return send(404, { error: "no such collection" });
    if (req.method === "GET") {
      const since = url.searchParams.get("updatedSince");
      return send(200, records.filter((r) => since === null || r.updatedAt >= since));
    }
    let text = "";
    req.on("data", (chunk: Buffer) => {
      text += chunk;
    });
    req.on("end", () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      if (typeof body.name !== "string") return send(422, { error: "name is required" });
      const record = { ...body, id: records.length + 1, updatedAt: new Date(Date.now() + records.length).toISOString() };
      records.push(record);
      send(201, record);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => {
  server.close();
});

const credential = () => ({ authKind: "api-key", fields: { baseUrl, apiKey: API_KEY } });
const kind = component.credentials?.[0];
if (!kind) throw new Error("the component declares no credential");

describe("__NAME__", () => {
  it("verifies a good key, and names the field at fault otherwise", async () => {
    expect(await verifyCredential(kind, { baseUrl, apiKey: API_KEY })).toEqual({ verified: true });
    expect(await verifyCredential(kind, { baseUrl, apiKey: "wrong" })).toMatchObject({ verified: false, field: "apiKey" });
    expect(await verifyCredential(kind, { baseUrl: "ftp://example.com", apiKey: API_KEY })).toMatchObject({ verified: false, field: "baseUrl" });
  });

  it("creates a record and emits it; a record the API rejects is the message's fault, a refused key the credential's", async () => {
    const { emitted } = await runStep(component.functions.createRecord, { config: {}, body: { name: "Ada" }, credential: credential() });
    expect(emitted).toEqual([expect.objectContaining({ id: 1, name: "Ada" })]);
    await expect(runStep(component.functions.createRecord, { config: {}, body: { title: "no name" }, credential: credential() })).rejects.toThrow(StepError);
    const wrongKey = { authKind: "api-key", fields: { baseUrl, apiKey: "wrong" } };
    await expect(runStep(component.functions.createRecord, { config: {}, body: { name: "Bob" }, credential: wrongKey })).rejects.toThrow(AuthenticationError);
  });

  it("polls new records: the next run emits only what changed since", async () => {
    const newRecords = component.functions.newRecords;
    if (newRecords.kind !== "trigger") throw new Error("newRecords is a trigger");
    const first = await runPoll(newRecords, { config: {}, credential: credential() });
    expect(first.emitted.map((r) => (r as { name: string }).name)).toEqual(["Ada"]);
    await runStep(component.functions.createRecord, { config: {}, body: { name: "Grace" }, credential: credential() });
    const second = await runPoll(newRecords, { config: {}, credential: credential(), snapshot: first.snapshot });
    expect(second.emitted.map((r) => (r as { name: string }).name)).toEqual(["Grace"]);
    const third = await runPoll(newRecords, { config: {}, credential: credential(), snapshot: second.snapshot });
    expect(third.emitted).toEqual([]);
  });
});
