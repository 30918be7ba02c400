import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * The designer's step tests: the API asks a worker to run one step once on a sample ("run-step"),
 * to list the options of a `dynamic-select` field ("field-options"), or to verify a credential
 * ("verify-credential"). Components run only in
 * workers, never in the web app; the API waits for the answer.
 */

/** the longest a step test may run; the API sets the limit of each one */
export const STEP_TEST_MAX_TIME_LIMIT_MS = 120_000;
/** how long the API waits beyond a test's time limit for a worker to answer */
export const STEP_TEST_ANSWER_GRACE_MS = 5_000;
export const stepTestWaitMs = (timeLimitMs: number) => timeLimitMs + STEP_TEST_ANSWER_GRACE_MS;

const record = z.record(z.string(), z.unknown());
const timeLimitMs = z.number().int().min(1).max(STEP_TEST_MAX_TIME_LIMIT_MS);

/**
 * A credential's secret fields sealed with the installation's encryption key for its id, exactly
 * as stored (never in the clear in Redis): only the worker running the test opens them.
 */
export const sealedSecretsSchema = z.object({ credentialId: z.string(), envelope: z.string() });
export type SealedSecrets = z.infer<typeof sealedSecretsSchema>;

/** The credential a step signs in with, as a step test carries it: its kind, its plain values, its secrets sealed. */
export const stepTestCredentialSchema = z.object({ authKind: z.string(), values: record, sealed: sealedSecretsSchema });
export type StepTestCredential = z.infer<typeof stepTestCredentialSchema>;

export const runStepTestSchema = z.object({
  kind: z.literal("run-step"),
  /** the workspace asking: a custom component of it runs in its own image */
  workspaceId: z.string().optional(),
  component: z.string(),
  function: z.string(),
  /** the step's config as the draft has it; the worker parses it with the function's schema */
  config: record,
  /** the incoming message: its body is the result of the step's mapping */
  message: z.object({ body: z.unknown(), headers: record, steps: record }),
  flowId: z.string(),
  flowVersion: z.number().int(),
  stepId: z.string(),
  /** the credential the step's node names (none: it names none) */
  credential: stepTestCredentialSchema.optional(),
  timeLimitMs,
});
export type RunStepTest = z.infer<typeof runStepTestSchema>;

export const fieldOptionsTestSchema = z.object({
  kind: z.literal("field-options"),
  /** the workspace asking: a custom component of it runs in its own image */
  workspaceId: z.string().optional(),
  component: z.string(),
  function: z.string(),
  /** the key of the `dynamic-select` field */
  field: z.string(),
  /** the form as the person has filled it so far */
  config: record,
  /** the credential the step names (none: it names none) */
  credential: stepTestCredentialSchema.optional(),
  timeLimitMs,
});
export type FieldOptionsTest = z.infer<typeof fieldOptionsTestSchema>;

export const verifyCredentialTestSchema = z.object({
  kind: z.literal("verify-credential"),
  /** the workspace asking: a custom component of it runs in its own image */
  workspaceId: z.string().optional(),
  component: z.string(),
  authKind: z.string(),
  /** the credential's fields that are not secret */
  values: record,
  /** its secret fields, sealed (null: none to open) */
  sealed: sealedSecretsSchema.nullable(),
  timeLimitMs,
});
export type VerifyCredentialTest = z.infer<typeof verifyCredentialTestSchema>;

export const STEP_TEST_JOB = {
  name: "step.test",
  schema: z.discriminatedUnion("kind", [runStepTestSchema, fieldOptionsTestSchema, verifyCredentialTestSchema]),
  options: {
    // a test runs once: a second run would call the target again long after the designer gave up
    attempts: 1,
    // kept a minute, so an answer that comes before the API listens for it is still found
    removeOnComplete: { age: 60 },
    removeOnFail: { age: 60 },
  } satisfies JobsOptions,
} as const;
export type StepTestJobData = z.infer<typeof STEP_TEST_JOB.schema>;

export const stepTestLogLineSchema = z.object({
  level: z.enum(["info", "warn", "error"]),
  message: z.string(),
  fields: record.optional(),
  at: z.string(),
});
export type StepTestLogLine = z.infer<typeof stepTestLogLineSchema>;

/** retryable and step-error as the runner classifies failures; timeout: the time limit was reached */
export const stepTestFailureKindSchema = z.enum(["retryable", "step-error", "timeout"]);
export type StepTestFailureKind = z.infer<typeof stepTestFailureKindSchema>;

export const runStepTestResultSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    /** the first emitted messages (at most STEP_TEST_MAX_EMITTED) */
    emitted: z.array(z.object({ body: z.unknown(), headers: record })),
    /** how many messages the step emitted in all */
    emittedCount: z.number().int().min(0),
    /** the step ended the message's way on purpose (a filter that did not keep it) */
    filtered: z.boolean().default(false),
    logs: z.array(stepTestLogLineSchema),
  }),
  z.object({
    ok: z.literal(false),
    error: z.object({ message: z.string(), kind: stepTestFailureKindSchema, details: z.unknown().optional() }),
    logs: z.array(stepTestLogLineSchema),
  }),
]);
export type RunStepTestResult = z.infer<typeof runStepTestResultSchema>;
export const STEP_TEST_MAX_EMITTED = 20;

export const fieldOptionsTestResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), options: z.array(z.object({ value: z.string(), label: z.string() })) }),
  z.object({ ok: z.literal(false), error: z.object({ message: z.string() }) }),
]);
export type FieldOptionsTestResult = z.infer<typeof fieldOptionsTestResultSchema>;

/** What checking a credential found: verified, or why not (naming the field at fault when known). */
export const verifyCredentialResultSchema = z.union([
  z.object({ verified: z.literal(true) }),
  z.object({ verified: z.literal(false), message: z.string(), field: z.string().optional(), timedOut: z.boolean().optional() }),
]);
export type VerifyCredentialResult = z.infer<typeof verifyCredentialResultSchema>;
