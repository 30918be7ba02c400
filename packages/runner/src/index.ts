export { classifyFailure, type StepFailure } from "./classify";
export { fieldOptionsOnce } from "./field-options";
export { runStepOnce } from "./run-step-once";
export { failedStepTest, runStepTest, type StepTestProcessor, type StepTestProcessorOptions, startStepTestProcessor } from "./step-test";
export { COMPONENT_MODULES_VARIABLE, loadCustomComponents } from "./custom-components";
export { answerStepTest, ONE_SHOT_RESULT_PREFIX, STEP_TEST_ARG } from "./one-shot";
export { NO_ENCRYPTION_KEY, type OpenSecrets } from "./test-credential";
export { bodyJson, type RecordText, StepRecords, type TryRecord } from "@interflow/queue";
export { LOOPBACK_RELAY_ARG, LOOPBACK_RELAY_LISTEN_VARIABLE, LoopbackRelay } from "./loopback-relay";
