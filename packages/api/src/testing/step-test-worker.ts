import { type StepTestProcessor, startStepTestProcessor } from "@interflow/runner";
import { afterAll, beforeAll } from "vitest";
import { apiTestRedisUrl } from "./api-fixture";
import { TEST_COMPONENTS } from "./test-components";

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A worker's step-test processor in this test process, on the API tests' Redis, for the test
 * file: what answers `samples.runStep` and `components.fieldOptions`.
 */
export function useStepTestWorker(): void {
  let processor: StepTestProcessor | undefined;
  beforeAll(async () => {
    processor = await startStepTestProcessor({ redisUrl: apiTestRedisUrl(), logger: silent, components: TEST_COMPONENTS });
  });
  afterAll(() => processor?.close());
}
