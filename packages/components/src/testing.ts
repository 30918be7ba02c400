// the runner's way of calling a function, for tests: the SDK's harness (third parties use the same)
export { type EmittedMessage, type RunStepInput, type RunStepResult, runPoll, runStep, verifyCredential } from "@interflow/sdk/testing";
