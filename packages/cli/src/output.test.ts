import { describe, expect, it } from "vitest";
import type { FlowStatus, FlowSummary } from "./client";
import { describeHealth, formatFlowList, formatFlowStatus, formatJson, formatTable, formatTransitions } from "./output";

const flow = (overrides: Partial<FlowSummary>): FlowSummary =>
  ({
    id: "f1",
    name: "Orders",
    type: "ordinary",
    state: "running",
    stateLabel: "Running",
    version: 3,
    webhookUrl: "http://localhost:3001/hooks/f1",
    stateChangedAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  }) as FlowSummary;

describe("output", () => {
  it("aligns table columns without trailing spaces", () => {
    expect(formatTable(["A", "LONG"], [["xyz", "1"], ["q", ""]])).toBe("A    LONG\nxyz  1\nq\n");
  });

  it("lists flows with id, name, state label, version and webhook URL", () => {
    const text = formatFlowList([flow({}), flow({ id: "flow-22", name: "Invoices", stateLabel: "Stopped (Inactive)", version: 1, webhookUrl: null })]);
    expect(text).toBe(
      [
        "ID       NAME      STATE               VERSION  WEBHOOK URL",
        "f1       Orders    Running             3        http://localhost:3001/hooks/f1",
        "flow-22  Invoices  Stopped (Inactive)  1        -",
        "",
      ].join("\n"),
    );
    expect(formatFlowList([])).toBe("no flows yet; import one with `interflow flow import <file>`\n");
  });

  it("describes a flow's status with steps and its last change", () => {
    const status = {
      ...flow({}),
      steps: [
        { id: "hook", component: "webhook", function: "receive", replicas: { wanted: 1, up: 1, scaled: false }, restarts: null },
        {
          id: "send",
          component: "http",
          function: "request",
          replicas: { wanted: 3, up: 2, scaled: true },
          restarts: { count: 2, lastAt: "2026-01-01T00:00:05.000Z", replica: 1, reason: "out of memory: killed at its 64 MiB limit", oomKilled: true },
        },
      ],
      lastTransition: { from: "starting", to: "running", event: "step-runners-up", cause: "2 step runners up", at: "2026-01-01T00:00:01.000Z" },
      health: "failing",
      failingSteps: [{ stepId: "send", failedTries: 12, tries: 12 }],
      failedMessages: 4,
    } as FlowStatus;
    expect(formatFlowStatus(status)).toBe(
      [
        "Flow             Orders (f1)",
        "Type             ordinary",
        "State            Running [running]",
        "Version          3",
        "Webhook          http://localhost:3001/hooks/f1",
        "Steps            hook (webhook.receive, 1/1 up)",
        "                 send (http.request, 2/3 up, restarted 2× (last 2026-01-01T00:00:05.000Z, replica 1: out of memory: killed at its 64 MiB limit))",
        "Last change      starting → running (step-runners-up) at 2026-01-01T00:00:01.000Z — 2 step runners up",
        "Health           failing (send: 12 of 12 tries failed in the last 5 minutes)",
        "Failed messages  4",
        "",
      ].join("\n"),
    );
  });

  it("names every failing step in the health, and says ok otherwise", () => {
    expect(describeHealth({ health: "ok", failingSteps: [] })).toBe("ok");
    expect(
      describeHealth({
        health: "failing",
        failingSteps: [
          { stepId: "shape", failedTries: 3, tries: 10 },
          { stepId: "send", failedTries: 12, tries: 12 },
        ],
      }),
    ).toBe("failing (shape: 3 of 10 tries failed, send: 12 of 12 tries failed in the last 5 minutes)");
  });

  it("tables transitions and prints JSON with a final newline", () => {
    const text = formatTransitions([{ from: "stopped", to: "starting", event: "start", cause: null, at: "2026-01-01T00:00:00.000Z" }] as never);
    expect(text).toBe("AT                        FROM     TO        EVENT  CAUSE\n2026-01-01T00:00:00.000Z  stopped  starting  start  -\n");
    expect(formatJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});
