import { isDeepStrictEqual } from "node:util";
import { type FlowTest, jsonataTruth } from "@interflow/flow";
import type { FlowRun } from "./run-flow";

/** One expectation that did not hold: the step, what was expected and what happened. */
export interface TestFailure {
  stepId: string;
  /** which part of the expectation */
  check: "runs" | "input" | "output" | "assert" | "failed";
  expected: unknown;
  actual: unknown;
  message: string;
}

const json = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));
const normal = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value) ?? "null"));

/** Checks a test case's expectations against the flow's run (its assertions evaluated by `evaluate`, the sandbox). */
export async function checkExpectations(
  test: FlowTest,
  run: FlowRun,
  evaluate: (source: string, input: unknown) => Promise<unknown>,
): Promise<TestFailure[]> {
  const failures: TestFailure[] = [];
  for (const [stepId, expectation] of Object.entries(test.expect)) {
    const runs = run.steps[stepId] ?? [];
    const first = runs[0];
    const fail = (check: TestFailure["check"], expected: unknown, actual: unknown, message: string) => failures.push({ stepId, check, expected, actual, message: `${stepId}: ${message}` });
    if (expectation.runs !== undefined && runs.length !== expectation.runs) {
      fail("runs", expectation.runs, runs.length, `expected to run ${expectation.runs} time(s), it ran ${runs.length} time(s)`);
    }
    const wantsRun = expectation.input !== undefined || expectation.output !== undefined;
    if (wantsRun && !first) {
      fail(expectation.input !== undefined ? "input" : "output", expectation.input ?? expectation.output, undefined, "expected to run, but the message never reached it");
      continue;
    }
    if (first?.status === "failed" && wantsRun) fail("failed", "to succeed", first.error, `the step failed: ${first.error}`);
    if (expectation.input !== undefined && first && !isDeepStrictEqual(normal(first.input), normal(expectation.input))) {
      fail("input", expectation.input, first.input, `input: expected ${json(expectation.input)}, got ${json(first.input)}`);
    }
    if (expectation.output !== undefined && first && first.status !== "failed" && !isDeepStrictEqual(normal(first.outputs[0]), normal(expectation.output))) {
      fail("output", expectation.output, first.outputs[0], `output: expected ${json(expectation.output)}, got ${json(first.outputs[0])}`);
    }
    if (expectation.assert !== undefined) {
      const context = { input: first?.input, output: first?.outputs[0], outputs: first?.outputs ?? [], status: first?.status ?? "not reached", error: first?.error, runs };
      let holds = false;
      let actual: unknown;
      try {
        actual = await evaluate(expectation.assert, context);
        holds = jsonataTruth(actual);
      } catch (error) {
        fail("assert", expectation.assert, (error as Error).message, `assertion ${expectation.assert} could not be evaluated: ${(error as Error).message}`);
        continue;
      }
      if (!holds) fail("assert", expectation.assert, { value: actual, input: context.input, output: context.output }, `assertion ${expectation.assert} does not hold (it gave ${json(actual)}; output was ${json(context.output)})`);
    }
  }
  return failures;
}
