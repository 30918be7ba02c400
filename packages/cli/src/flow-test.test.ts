// `interflow flow test`: the built CLI against the real API, with a worker's step-test processor in
// this process running the actions: the example's cases pass from its file and once imported;
// a case that fails prints what failed and exits 1.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type StepTestProcessor, startStepTestProcessor } from "@interflow/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliHarness, expectOneErrorLine, startCliHarness } from "./testing/cli-harness";

const FLOW_TEST_REDIS_DB = 13;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

let h: CliHarness;
let processor: StepTestProcessor;
beforeAll(async () => {
  h = await startCliHarness({ redisDb: FLOW_TEST_REDIS_DB });
  const openSecrets = () => {
    throw new Error("no credentials in these tests");
  };
  processor = await startStepTestProcessor({ redisUrl: h.redisUrl, logger: silent, openSecrets });
});
afterAll(async () => {
  await processor?.close();
  await h?.close();
});

const example = () => JSON.parse(readFileSync(path.join(import.meta.dirname, "../../../examples/order-routing.json"), "utf8"));

describe("interflow flow test", () => {
  it("runs a document file's cases, and an imported flow's, printing each case; exit 0 when all pass", async () => {
    const file = h.writeFile("order-routing.json", example());
    const run = await h.interflow(["flow", "test", file]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "Order routing: 2 test cases",
        "passed  a big order goes to approval, and each of its lines to the warehouse",
        "passed  a small order is not sent for approval",
        "2 passed, 0 failed",
        "",
      ].join("\n"),
    );
    const imported = await h.interflow(["flow", "import", file, "--json"]);
    const { id } = JSON.parse(imported.stdout) as { id: string };
    const byId = await h.interflow(["flow", "test", id, "--json"]);
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.stdout)).toMatchObject({ flow: "Order routing", passed: 2, failed: 0, cases: [{ passed: true }, { passed: true }] });
  });

  it("prints each failure with its step, expected and actual value, then one error line; exit 1", async () => {
    const document = example();
    document.tests[1].expect = { approve: { runs: 1 }, bulk: { items: [{ sku: "lamp" }] } };
    const run = await h.interflow(["flow", "test", h.writeFile("failing.json", document)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAILED  a small order is not sent for approval\n        approve: expected to run 1 time(s), it ran 0 time(s)\n");
    expect(run.stdout).toContain('        bulk: output: expected {"items":[{"sku":"lamp"}]}, got {"items":[{"sku":"bulb","price":5,"quantity":1,"orderId":"A-2","line":1}]}\n');
    expect(run.stdout).toContain("1 passed, 1 failed\n");
    expect(run.stderr).toBe("error: 1 of 2 test cases of Order routing failed\n");
  });

  it("a flow without cases, a missing file and a broken case each say so in one line", async () => {
    const document = example();
    delete document.tests;
    expect(expectOneErrorLine(await h.interflow(["flow", "test", h.writeFile("untested.json", document)]), 1)).toBe(
      'error: Order routing has no test cases: add some to its document\'s "tests"',
    );
    expect(expectOneErrorLine(await h.interflow(["flow", "test", "nowhere.json"]), 1)).toBe("error: cannot read nowhere.json: no such file");
  });
});
