import type { FieldOptionsTestResult } from "@interflow/queue";
import { type ComponentDefinition, optionsFunctionOf, type StepCredential } from "@interflow/sdk";
import { z } from "zod";
import { classifyFailure } from "./classify";
import { collectLogs } from "./collected-logs";
import { withTimeLimit } from "./time-limit";

const optionsSchema = z.array(z.object({ value: z.string(), label: z.string() }));

export interface FieldOptionsOnceOptions {
  component: ComponentDefinition;
  function: string;
  field: string;
  config: Record<string, unknown>;
  /** the step's credential, opened */
  credential?: StepCredential;
  timeLimitMs: number;
}

/** Lists the options of a `dynamic-select` field by calling the component's options function once. */
export async function fieldOptionsOnce(p: FieldOptionsOnceOptions): Promise<FieldOptionsTestResult> {
  const found = optionsFunctionOf(p.component, { function: p.function, field: p.field });
  if (!found.ok) return { ok: false, error: { message: found.message } };
  const { logger } = collectLogs();
  try {
    const outcome = await withTimeLimit(p.timeLimitMs, (signal) => found.options({ config: p.config, credential: p.credential, signal, logger }));
    if (!outcome.done) return { ok: false, error: { message: `the options of "${p.field}" did not arrive within the time limit of ${p.timeLimitMs} ms` } };
    const options = optionsSchema.safeParse(outcome.value);
    if (!options.success) return { ok: false, error: { message: `options function "${found.optionsFrom}" did not return a list of { value, label } strings` } };
    return { ok: true, options: options.data };
  } catch (error) {
    return { ok: false, error: { message: classifyFailure(error).message } };
  }
}
