import { type Db, getComponentCode } from "@interflow/db";
import type { FieldOptionsTestResult, RunStepTestResult, StepTestJobData, VerifyCredentialResult } from "@interflow/queue";
import { COMPONENT_MODULES_VARIABLE, failedStepTest, NO_ENCRYPTION_KEY, ONE_SHOT_RESULT_PREFIX, type OpenSecrets, STEP_TEST_ARG } from "@interflow/runner";
import type { StepRuntime } from "@interflow/runtime";
import type { CustomComponents } from "./custom-components";

type Answer = RunStepTestResult | FieldOptionsTestResult | VerifyCredentialResult;

/** a runner of its own starts first: give it this much on top of the test's own time limit */
const START_ALLOWANCE_MS = 15_000;

/**
 * The designer's step tests of custom components: each runs in a runner of its own, once, from the
 * component's image (docker) or its installed code (process) — never in the worker's process. The
 * worker opens the credential's secrets and hands them over on the runner's stdin.
 */
export function customStepTests(deps: {
  db: Db;
  runtime: StepRuntime;
  components: CustomComponents;
  openSecrets?: OpenSecrets;
  /** what every test's runner gets besides: the network rules (and, in a container, the loopback relay) */
  env?: Record<string, string>;
}) {
  return async (test: StepTestJobData): Promise<Answer | undefined> => {
    if (!test.workspaceId) return undefined;
    const code = await getComponentCode(deps.db, { workspaceId: test.workspaceId, name: test.component });
    if (!code) return undefined;
    if (deps.components.refusal) return failedStepTest(test, `the custom component "${test.component}": ${deps.components.refusal}`);
    const sealed = test.kind === "verify-credential" ? test.sealed : (test.credential?.sealed ?? null);
    let secrets: Record<string, unknown> = {};
    if (sealed) {
      if (!deps.openSecrets) return failedStepTest(test, NO_ENCRYPTION_KEY);
      try {
        secrets = deps.openSecrets(sealed);
      } catch (error) {
        return failedStepTest(test, `the step's credential: ${(error as Error).message}`);
      }
    }
    const env: Record<string, string> = {
      ...deps.env,
      ...(deps.runtime.kind === "process" ? { [COMPONENT_MODULES_VARIABLE]: deps.components.writeModule(test.component, code.bundleSha256, code.bundle) } : {}),
    };
    let ran: Awaited<ReturnType<StepRuntime["runOnce"]>>;
    try {
      ran = await deps.runtime.runOnce({
        ...(deps.runtime.kind === "docker" ? { image: { name: code.image, component: test.component } } : {}),
        env,
        args: [STEP_TEST_ARG],
        stdin: JSON.stringify({ test, secrets }),
        timeoutMs: test.timeLimitMs + START_ALLOWANCE_MS,
      });
    } catch (error) {
      return failedStepTest(test, (error as Error).message);
    }
    const line = ran.stdout.split("\n").find((l) => l.startsWith(ONE_SHOT_RESULT_PREFIX));
    if (line) return JSON.parse(line.slice(ONE_SHOT_RESULT_PREFIX.length)) as Answer;
    const why = ran.timedOut ? "it did not answer in time" : `it exited (${ran.code ?? "killed"})`;
    const said = ran.stderr.trim().split("\n").pop();
    return failedStepTest(test, `the component "${test.component}" ${code.version} gave no answer: ${why}${said ? `: ${said}` : ""}`, ran.timedOut);
  };
}
