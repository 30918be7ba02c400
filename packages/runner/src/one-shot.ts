import { STEP_TEST_JOB } from "@interflow/queue";
import type { ComponentDefinition } from "@interflow/sdk";
import { runStepTest } from "./step-test";

/** the argument that makes a runner answer one step test (read from stdin) and exit */
export const STEP_TEST_ARG = "--step-test";
/** the line of its stdout that carries the answer */
export const ONE_SHOT_RESULT_PREFIX = "@@interflow-step-test-result ";

/**
 * One step test in a runner of its own (a custom component's, in its image): the test and its
 * credential's opened secrets come on stdin (never in the environment); the answer is one line.
 */
export async function answerStepTest(stdin: string, components: readonly ComponentDefinition[]): Promise<string> {
  const input = JSON.parse(stdin) as { test: unknown; secrets?: Record<string, unknown> };
  const test = STEP_TEST_JOB.schema.parse(input.test);
  const result = await runStepTest({ test, components, openSecrets: () => input.secrets ?? {} });
  return `${ONE_SHOT_RESULT_PREFIX}${JSON.stringify(result)}`;
}
