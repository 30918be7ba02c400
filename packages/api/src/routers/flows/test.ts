import { describeIssues, type FlowDocument, validateFlow } from "@interflow/flow";
import { sharedSandbox } from "@interflow/flow/sandbox";
import { z } from "zod";
import { invalidFlowError } from "../../errors";
import { checkExpectations } from "../../flow-runs/check-tests";
import { runFlow } from "../../flow-runs/run-flow";
import { workerStepRunner } from "../../flow-runs/worker-step";
import { editorProcedure } from "../../trpc";
import { workspaceCatalog } from "../../workspace-components";
import { bindCredentials } from "./credential-references";
import { requireFlow } from "./require-flow";

export const testFlowInput = z
  .object({
    /** a flow of the workspace: its current version's test cases run */
    id: z.string().min(1).optional(),
    /** a flow document (a file, a draft): its test cases run against it; credentials named as an export names them are bound by name */
    document: z.unknown().optional(),
    /** only the case of this name */
    name: z.string().trim().min(1).optional(),
  })
  .refine((i) => i.id !== undefined || i.document !== undefined, { message: "give the flow's id or a flow document", path: ["id"] });

export const stepRunSchema = z.object({
  status: z.enum(["ok", "failed", "filtered", "canned", "skipped"]),
  input: z.unknown(),
  outputs: z.array(z.unknown()),
  error: z.string().optional(),
});
const failureSchema = z.object({ stepId: z.string(), check: z.enum(["runs", "input", "output", "assert", "failed"]), expected: z.unknown(), actual: z.unknown(), message: z.string() });
export const testFlowOutput = z.object({
  flow: z.string(),
  cases: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean(),
      failures: z.array(failureSchema),
      /** each step's runs: what it got and what it emitted */
      steps: z.record(z.string(), z.array(stepRunSchema)),
      truncated: z.boolean(),
      routingErrors: z.array(z.string()),
    }),
  ),
  passed: z.number().int(),
  failed: z.number().int(),
});
export type TestFlowOutput = z.infer<typeof testFlowOutput>;

const evaluate = (source: string, input: unknown, bindings: Record<string, unknown> = {}) => sharedSandbox().evaluate(source, input, bindings);

/**
 * Runs a flow's test cases (the document's `tests`): each case's input goes through the flow as its
 * runners would send it — actions run for real in the worker as single-step runs do, except those
 * the case answers for (`responses`) — and each expectation is checked. A failing case is an
 * answer (passed: false, each failure naming the step, what was expected and what happened).
 */
export const testFlowProcedure = editorProcedure
  .input(testFlowInput)
  .output(testFlowOutput)
  .mutation(async ({ ctx, input }) => {
    const { db } = ctx.services;
    const flow = input.id !== undefined ? await requireFlow(db, { workspaceId: ctx.workspaceId, flowId: input.id }) : undefined;
    const parsed = validateFlow(input.document ?? flow?.document, await workspaceCatalog(db, ctx.workspaceId));
    if (!parsed.ok) throw invalidFlowError(parsed.issues, describeIssues);
    const bound = await bindCredentials(db, { workspaceId: ctx.workspaceId, document: parsed.flow, bindings: {} });
    if (bound.issues.length > 0) throw invalidFlowError(bound.issues, describeIssues);
    const document: FlowDocument = bound.document;
    const cases = (document.tests ?? []).filter((t) => input.name === undefined || t.name === input.name);
    const runStep = workerStepRunner(ctx.services, { workspaceId: ctx.workspaceId, document, flow });
    const results: TestFlowOutput["cases"] = [];
    for (const test of cases) {
      const run = await runFlow({ runStep, evaluate }, { document, triggerId: parsed.triggerId, input: test.input, headers: test.headers, responses: test.responses });
      const failures = await checkExpectations(test, run, (source, value) => evaluate(source, value));
      results.push({ name: test.name, passed: failures.length === 0, failures, steps: run.steps, truncated: run.truncated, routingErrors: run.routingErrors });
    }
    const passed = results.filter((r) => r.passed).length;
    return { flow: document.name, cases: results, passed, failed: results.length - passed };
  });
