import { createScratchDatabase } from "@interflow/db/testing/scratch-database";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPerson, newTenant, useTestServices } from "../../testing/api-fixture";
import { useStepTestWorker } from "../../testing/step-test-worker";

const services = useTestServices();
useStepTestWorker();

describe("components.list", () => {
  it("gives the palette: triggers and actions with their forms, help links under the docs base URL", async () => {
    const { caller } = await newTenant(services);
    const { components } = await caller.components.list();
    expect(components.map((c) => c.name).sort()).toEqual(["batch", "csv", "delay", "email", "filter", "http", "imap", "mqtt", "mysql", "postgres", "schedule", "split", "transform", "webhook", "xml"]);
    const http = components.find((c) => c.name === "http");
    expect(http?.help).toEqual({ description: expect.any(String), url: "http://localhost:3000/docs/components/http" });
    const request = http?.functions.find((f) => f.name === "request");
    expect(request).toMatchObject({ kind: "action", title: "Send an HTTP request" });
    expect(request?.fields.map((f) => f.key)).toEqual(["method", "url", "headers", "timeoutMs"]);
    expect(request?.fields.find((f) => f.key === "url")).toMatchObject({ type: "text", required: true, help: { url: "http://localhost:3000/docs/components/http#url" } });
    const map = components.find((c) => c.name === "transform")?.functions.find((f) => f.name === "map");
    // absolute links stay as they are
    expect(map?.fields[0]).toMatchObject({ type: "code", language: "jsonata", asMapping: true, help: { url: "https://docs.jsonata.org/overview.html" } });
    // the flow logic built-ins under the document contract's names, each with its form
    const formOf = (component: string) => components.find((c) => c.name === component)?.functions.map((f) => [f.name, f.kind, f.fields.map((field) => field.key)]);
    expect(formOf("filter")).toEqual([["keep", "action", ["condition"]]]);
    expect(formOf("split")).toEqual([["items", "action", ["path", "maxItems"]]]);
    expect(formOf("batch")).toEqual([["collect", "action", ["size", "maxWaitSeconds", "key", "body"]]]);
    expect(formOf("delay")).toEqual([["wait", "action", ["wait", "seconds", "until"]]]);
    const webhook = components.find((c) => c.name === "webhook")?.functions[0];
    expect(webhook).toMatchObject({ kind: "trigger", polling: false, push: false });
    // how each kind of trigger gets its messages: a schedule, a subscription
    expect(components.find((c) => c.name === "imap")?.functions.find((f) => f.name === "new-messages")).toMatchObject({ kind: "trigger", polling: true, push: false });
    expect(components.find((c) => c.name === "mqtt")?.functions.find((f) => f.name === "subscribe")).toMatchObject({ kind: "trigger", polling: false, push: true });
    expect(webhook?.fields.map((f) => [f.key, f.type, f.default])).toEqual([
      ["methods", "multiselect", ["POST", "PUT", "PATCH"]],
      ["contentTypes", "multiselect", ["json", "form"]],
      ["acceptEmpty", "checkbox", false],
    ]);
  });
});

describe("components.previewMapping", () => {
  it("evaluates a mapping on a sample as a runner would, with $steps and $headers", async () => {
    const { caller } = await newTenant(services);
    const preview = await caller.components.previewMapping({
      expression: '{ "id": order.id, "total": $sum(order.items.(price * qty)), "via": $headers.method, "shop": $steps.webhook.shop }',
      body: { order: { id: "o-1", items: [{ price: 2, qty: 3 }, { price: 1, qty: 4 }] } },
      headers: { method: "POST" },
      steps: { webhook: { shop: "north" } },
    });
    expect(preview).toEqual({ ok: true, value: { id: "o-1", total: 10, via: "POST", shop: "north" } });
  });

  it("answers an expression's error with where it is, at once", async () => {
    const { caller } = await newTenant(services);
    const broken = await caller.components.previewMapping({ expression: '{ "id": order.id ', body: {} });
    expect(broken).toMatchObject({ ok: false, error: { message: expect.stringContaining("at character"), position: expect.any(Number) } });
    const failing = await caller.components.previewMapping({ expression: '$number("abc") + $undefinedFn()', body: {} });
    expect(failing.ok).toBe(false);
    const large = await caller.components.previewMapping({ expression: "$", body: { big: "x".repeat(300 * 1024) } });
    expect(large).toMatchObject({ ok: false, error: { message: expect.stringContaining("previews take at most") } });
  });

  it("stops a runaway or memory-eating expression with a clear error while other requests are answered (a viewer may send it)", { timeout: 30_000 }, async () => {
    const { caller } = await newTenant(services);
    const runaway = caller.components.previewMapping({ expression: "($f := function($x){$f($x)}; $f(1))", body: {} });
    // meanwhile this process answers others at once: the expression runs elsewhere
    const started = Date.now();
    expect((await caller.components.list()).components.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(900);
    // and the previews queued behind it are answered once it is stopped
    await expect(caller.components.previewMapping({ expression: "a + 1", body: { a: 1 } })).resolves.toEqual({ ok: true, value: 2 });
    expect(await runaway).toEqual({ ok: false, error: { message: "expression stopped after 1000 ms (the time one evaluation may take)", position: null } });
    const bomb = await caller.components.previewMapping({ expression: "$map([1..100], function($v){[1..10000000]})", body: {} });
    expect(bomb).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^expression stopped(: it needed more than 128 MB of memory| after 1000 ms)/) } });
    await expect(caller.components.previewMapping({ expression: "$count([1..3])", body: {} })).resolves.toEqual({ ok: true, value: 3 });
  });
});

describe("components.fieldOptions", () => {
  const list = { component: "test-crm", function: "addContact", field: "list" };

  it("lists a dynamic-select field's options from the component's options function, run in a worker on the form so far", async () => {
    const { caller, workspaceId } = await newTenant(services);
    expect(await caller.components.fieldOptions({ ...list, config: { region: "us" } })).toEqual({
      ok: true,
      options: [
        { value: "us-customers", label: "Customers (us)" },
        { value: "us-leads", label: "Leads (us)" },
      ],
    });
    // any member may ask, viewers too: it changes nothing
    const viewer = await newPerson(services, { workspaceId, role: "viewer" });
    expect(await viewer.caller.components.fieldOptions({ ...list, config: {} })).toMatchObject({ ok: true, options: [{ value: "eu-customers" }, { value: "eu-leads" }] });
  });

  it("answers the options function's failure with its message", async () => {
    const { caller } = await newTenant(services);
    expect(await caller.components.fieldOptions({ ...list, config: { region: "down" } })).toEqual({ ok: false, error: { message: "the CRM is down for maintenance" } });
  });

  it("refuses a field without options from a function with BAD_REQUEST, saying why", async () => {
    const { caller } = await newTenant(services);
    await expect(caller.components.fieldOptions({ ...list, field: "region", config: {} })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'field: field "region" of test-crm.addContact is a text field, not a dynamic-select: its options are in the form',
    });
    await expect(caller.components.fieldOptions({ component: "http", function: "request", field: "method", config: {} })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.components.fieldOptions({ ...list, component: "nope", config: {} })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'component: unknown component "nope"',
    });
  });
});

describe("components.fieldOptions with the step's credential", () => {
  // a database of its own with two tables: the list postgres steps choose their table from
  let scratch: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.DATABASE_URL ?? "");
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await client.query("CREATE TABLE orders (id int PRIMARY KEY, total numeric); CREATE TABLE customers (email text PRIMARY KEY)");
    await client.end();
  });
  afterAll(() => scratch?.drop());

  const tables = { component: "postgres", function: "upsert", field: "table", config: {} };

  it("lists the tables of the credential's database, the secret opened only in the worker", async () => {
    const { caller } = await newTenant(services);
    const credential = await caller.credentials.create({ name: "Shop DB", component: "postgres", authKind: "custom", values: {}, secrets: { connectionString: scratch.url } });
    expect(await caller.components.fieldOptions({ ...tables, credentialId: credential.id })).toEqual({
      ok: true,
      options: [
        { value: "customers", label: "customers" },
        { value: "orders", label: "orders" },
      ],
    });
    expect(await caller.components.fieldOptions({ ...tables, field: "keyColumn", config: { table: "orders" }, credentialId: credential.id })).toEqual({
      ok: true,
      options: [
        { value: "id", label: "id (integer, primary key)" },
        { value: "total", label: "total (numeric)" },
      ],
    });
    // without one, the answer says what to do
    expect(await caller.components.fieldOptions(tables)).toEqual({ ok: false, error: { message: "choose the step's credential first: the list comes from its database" } });
  });

  it("refuses another workspace's credential, or one of another component, naming credentialId", async () => {
    const a = await newTenant(services);
    const b = await newTenant(services);
    const theirs = await b.caller.credentials.create({ name: "Their DB", component: "postgres", authKind: "custom", values: {}, secrets: { connectionString: scratch.url } });
    await expect(a.caller.components.fieldOptions({ ...tables, credentialId: theirs.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: `credentialId: credential ${theirs.id} is not a credential of this workspace's postgres component`,
    });
    const http = await a.caller.credentials.create({ name: "API", component: "http", authKind: "bearer", values: {}, secrets: { token: "t-123456" } });
    await expect(a.caller.components.fieldOptions({ ...tables, credentialId: http.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^credentialId: /) });
  });
});
