import { z } from "zod";

const stepId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "must be a step id");

/**
 * What a test case expects of one step, each part optional but at least one: how often it ran (0:
 * the message never reached it), the body it ran on (after its mapping) and the first body it
 * emitted, as JSON; and a JSONata assertion over `{ input, output, outputs, runs, status, error }`
 * (its first run; `runs` every run) that must hold.
 */
export const stepExpectationSchema = z
  .object({
    runs: z.number().int().min(0, "must be 0 or more").optional(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    assert: z.string().trim().min(1, "must not be empty").max(10_000).optional(),
  })
  .strict()
  .refine((e) => e.runs !== undefined || e.input !== undefined || e.output !== undefined || e.assert !== undefined, {
    message: 'must expect something: "runs", "input", "output" or "assert"',
  });
export type StepExpectation = z.infer<typeof stepExpectationSchema>;

const EXPECTATION_KEYS = new Set(["runs", "input", "output", "assert"]);

/**
 * A step's expectation as a document writes it: an object of `runs`, `input`, `output` and
 * `assert` only (`{ "assert": "…" }`), or any other JSON, which is the output the step must emit
 * (to expect an output that is itself such an object, write it as `{ "output": … }`).
 */
export const writtenExpectationSchema = z.preprocess((value) => {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const names = Object.keys(value);
    if (names.length > 0 && names.every((name) => EXPECTATION_KEYS.has(name))) return value;
  }
  return value === undefined ? value : { output: value };
}, stepExpectationSchema);

/**
 * A test case kept with the flow: the message its trigger gets (body and headers), what named steps
 * answer instead of running (`responses`: the body the step emits, so an http step is tested
 * without its target), and what each named step is expected to do (an expectation, or the JSON it
 * must emit).
 */
export const flowTestSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters"),
  input: z.unknown().refine((v) => v !== undefined, "is required: the body the trigger receives"),
  headers: z.record(z.string(), z.unknown()).optional(),
  responses: z.record(stepId, z.unknown()).optional(),
  expect: z.record(stepId, writtenExpectationSchema).refine((e) => Object.keys(e).length > 0, "must name at least one step"),
});
export type FlowTest = z.infer<typeof flowTestSchema>;

export const MAX_FLOW_TESTS = 50;
