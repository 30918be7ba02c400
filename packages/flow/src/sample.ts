import { z } from "zod";

/**
 * A step's sample: one message as the step emits it, kept with the draft. The designer maps the
 * next steps' fields against it and previews their results on it.
 */
export const stepSampleSchema = z.object({
  body: z.unknown(),
  headers: z.record(z.string(), z.unknown()).default({}),
  /** where it came from: a test request to the webhook, one run of the step, typed by a person, or skipped */
  source: z.enum(["webhook", "run", "typed", "skipped"]),
  /** ISO time it was taken */
  takenAt: z.string(),
});
export type StepSample = z.infer<typeof stepSampleSchema>;

/** Samples of a draft by step id. */
export const stepSamplesSchema = z.record(z.string(), stepSampleSchema);
export type StepSamples = z.infer<typeof stepSamplesSchema>;
