import { openSecrets } from "@interflow/db";
import { type StepTestProcessor, startStepTestProcessor } from "@interflow/runner";
import type { StepLogger } from "@interflow/sdk";
import { afterAll, beforeAll } from "vitest";
import { apiTestRedisUrl, TEST_ENCRYPTION_KEY } from "./api-fixture";
import { TEST_COMPONENTS } from "./test-components";

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A worker's step-test processor on `redisUrl`, knowing the test components and opening sealed
 * credentials with the tests' encryption key: what a worker of the platform does.
 */
export function startTestStepWorker(p: { redisUrl: string; logger?: StepLogger }): Promise<StepTestProcessor> {
  return startStepTestProcessor({
    redisUrl: p.redisUrl,
    logger: p.logger ?? silent,
    components: TEST_COMPONENTS,
    openSecrets: (sealed) => openSecrets({ key: TEST_ENCRYPTION_KEY, ...sealed }),
  });
}

/**
 * A worker's step-test processor in this test process, on the API tests' Redis, for the test
 * file: what answers `samples.runStep`, `components.fieldOptions` and the credential checks.
 */
export function useStepTestWorker(): void {
  let processor: StepTestProcessor | undefined;
  beforeAll(async () => {
    processor = await startTestStepWorker({ redisUrl: apiTestRedisUrl() });
  });
  afterAll(() => processor?.close());
}
