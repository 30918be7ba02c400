// Flow test cases (the document's `tests`): each case runs through the flow — conditions, a split,
// a batch, canned responses, a real http step calling a local server — in a worker's step-test
// processor started in this process; failures name the step, the expected and the actual value.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { FlowDocument } from "@interflow/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTenant, useTestServices } from "../../testing/api-fixture";
import { useStepTestWorker } from "../../testing/step-test-worker";

const services = useTestServices();
useStepTestWorker();

let server: Server;
let base = "";
const received: unknown[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push(JSON.parse(body));
      res.writeHead(201, { "content-type": "application/json" });
      res.end('{"stored":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const example = (): FlowDocument => JSON.parse(readFileSync(path.join(import.meta.dirname, "../../../../../examples/order-routing.json"), "utf8"));

describe("flows.test", () => {
  it("runs the example's cases through condition, split and batch with canned responses: both pass, with each step's runs", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: example() });
    const result = await caller.flows.test({ id });
    expect(result.cases.map((c) => [c.name, c.passed, c.failures])).toEqual([
      ["a big order goes to approval, and each of its lines to the warehouse", true, []],
      ["a small order is not sent for approval", true, []],
    ]);
    expect({ passed: result.passed, failed: result.failed }).toEqual({ passed: 2, failed: 0 });
    const big = result.cases[0];
    expect(big?.steps.approve).toEqual([{ status: "canned", input: { orderId: "A-1", total: 140, customer: "Ada" }, outputs: [{ status: 201, body: { approved: "pending" } }] }]);
    expect(big?.steps.lines?.[0]?.outputs).toHaveLength(2);
    expect(big?.steps.bulk?.map((r) => r.outputs)).toEqual([[{ items: [{ sku: "lamp", price: 60, quantity: 2, orderId: "A-1", line: 1 }] }], [{ items: [{ sku: "bulb", price: 5, quantity: 4, orderId: "A-1", line: 2 }] }]]);
    // the cases travel with the flow: export keeps them
    expect((await caller.flows.export({ id })).document.tests?.map((t) => t.name)).toEqual(example().tests?.map((t) => t.name));
    // only case 2, by name
    expect((await caller.flows.test({ id, name: "a small order is not sent for approval" })).cases.map((c) => c.name)).toEqual(["a small order is not sent for approval"]);
  });

  it("a failing case names the step, what was expected and what happened; a step without a canned response runs for real", async () => {
    const { caller } = await newTenant(services);
    const document = example();
    const warehouse = document.nodes.find((n) => n.id === "warehouse");
    if (warehouse) warehouse.config = { ...warehouse.config, url: `${base}/lines` };
    const [big] = document.tests ?? [];
    if (!big) throw new Error("the example lost its test cases");
    // the warehouse answers for itself now; two expectations that do not hold
    document.tests = [
      {
        ...big,
        responses: { approve: { status: 201, body: {} } },
        expect: {
          approve: { input: { orderId: "A-1", total: 999, customer: "Ada" } },
          warehouse: { runs: 2, assert: "output.status = 200" },
          bulk: { runs: 3 },
        },
      },
    ];
    received.length = 0;
    const result = await caller.flows.test({ document });
    expect(result).toMatchObject({ flow: "Order routing", passed: 0, failed: 1 });
    const failures = result.cases[0]?.failures ?? [];
    expect(failures.map((f) => [f.stepId, f.check, f.expected, f.actual])).toEqual([
      ["approve", "input", { orderId: "A-1", total: 999, customer: "Ada" }, { orderId: "A-1", total: 140, customer: "Ada" }],
      ["warehouse", "assert", "output.status = 200", { value: false, input: { items: [{ sku: "lamp", price: 60, quantity: 2, orderId: "A-1", line: 1 }] }, output: expect.objectContaining({ status: 201 }) }],
      ["bulk", "runs", 3, 2],
    ]);
    expect(failures[0]?.message).toBe('approve: input: expected {"orderId":"A-1","total":999,"customer":"Ada"}, got {"orderId":"A-1","total":140,"customer":"Ada"}');
    expect(failures[2]?.message).toBe("bulk: expected to run 3 time(s), it ran 2 time(s)");
    // the warehouse ran for real: the local server got both batches
    expect(received).toEqual([{ items: [{ sku: "lamp", price: 60, quantity: 2, orderId: "A-1", line: 1 }] }, { items: [{ sku: "bulb", price: 5, quantity: 4, orderId: "A-1", line: 2 }] }]);
  });

  it("refuses a document whose cases name steps it does not have, or hold an assertion that is not JSONata, naming the field", async () => {
    const { caller } = await newTenant(services);
    const document = example();
    document.tests = [{ name: "broken", input: {}, responses: { nowhere: {} }, expect: { approve: { assert: "runs =" } } }];
    const error = await caller.flows.test({ document }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain('tests[0] ("broken"): responses names step "nowhere", which the flow does not have');
    expect((error as Error).message).toContain('tests[0] ("broken"): the assertion on "approve" is not valid JSONata');
  });

  it("testRun (the designer's Test flow) runs the draft once: steps that may call an application are skipped unless the person says they may run", async () => {
    const { caller } = await newTenant(services);
    const document = example();
    for (const node of document.nodes) if (node.component === "http") node.config = { ...node.config, url: `${base}/${node.id}` };
    delete document.tests;
    const { id } = await caller.flows.import({ document });
    const order = { id: "T-1", customer: { name: "Ada" }, items: [{ sku: "lamp", price: 80, quantity: 2 }] };
    received.length = 0;
    const dry = await caller.flows.testRun({ id, document, input: order });
    expect(dry.skipped.sort()).toEqual(["approve", "warehouse"]);
    expect(dry.steps.approve).toEqual([{ status: "skipped", input: { orderId: "T-1", total: 160, customer: "Ada" }, outputs: [] }]);
    expect(dry.steps.lines?.[0]).toMatchObject({ status: "ok", outputs: [{ sku: "lamp", orderId: "T-1", line: 1 }] });
    expect(dry.steps.bulk?.[0]?.outputs).toEqual([{ items: [{ sku: "lamp", price: 80, quantity: 2, orderId: "T-1", line: 1 }] }]);
    expect(dry.steps.warehouse?.[0]?.status).toBe("skipped");
    expect(received).toEqual([]);

    const wet = await caller.flows.testRun({ id, document, input: order, withEffects: true });
    expect(wet.skipped).toEqual([]);
    expect(wet.steps.approve?.[0]).toMatchObject({ status: "ok", outputs: [{ status: 201, body: { stored: true } }] });
    expect(received).toEqual([{ orderId: "T-1", total: 160, customer: "Ada" }, { items: [{ sku: "lamp", price: 80, quantity: 2, orderId: "T-1", line: 1 }] }]);
    // a draft that is not a valid flow cannot run: its problems are named
    const broken = { ...document, edges: document.edges.filter((e) => e.target !== "bulk") };
    await expect(caller.flows.testRun({ id, document: broken, input: order })).rejects.toThrow('node "bulk": cannot be reached from the trigger "webhook"');
  });
});
