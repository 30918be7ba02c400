import { sharedSandbox } from "@interflow/flow/sandbox";
import { type StepContext, StepError } from "@interflow/sdk";
import { describeEvaluationError, stepsOf } from "../transform/expression";

/** The largest text a format step reads or writes (the message body's own limit is larger only for attachments). */
export const FORMAT_MAX_TEXT_BYTES = 10 * 1024 * 1024;

/** Evaluates a format step's `source` (JSONata over the body, `$headers` and `$steps` bound); a failure is the step's error, naming the field. */
export async function valueOfSource(ctx: StepContext<{ source: string }>, what: string): Promise<unknown> {
  try {
    return await sharedSandbox().evaluate(ctx.config.source, ctx.message.body, { headers: ctx.message.headers, steps: stepsOf(ctx.message) });
  } catch (err) {
    const error = describeEvaluationError(err);
    throw new StepError(`${what} (source) failed: ${error.message}${error.position !== undefined ? ` (at character ${error.position})` : ""}`, {
      details: { source: ctx.config.source, error },
      cause: err,
    });
  }
}

/** The source's value as text to parse: a string (or a Buffer's JSON form), refused otherwise and over the size limit. */
export async function textOfSource(ctx: StepContext<{ source: string }>, format: "CSV" | "XML"): Promise<string> {
  const value = await valueOfSource(ctx, `the ${format} text`);
  if (typeof value !== "string") {
    const got = value === undefined ? "nothing" : Array.isArray(value) ? "a list" : typeof value === "object" && value !== null ? "an object" : typeof value;
    throw new StepError(`source "${ctx.config.source}" gave ${got}, not ${format} text: point it at the text (a webhook's text body is in raw)`, {
      details: { source: ctx.config.source },
    });
  }
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > FORMAT_MAX_TEXT_BYTES) throw new StepError(`the ${format} text is ${bytes} bytes, over the ${FORMAT_MAX_TEXT_BYTES / 1024 / 1024} MiB a step reads`);
  return value.charCodeAt(0) === 0xfeff ? value.slice(1) : value;
}
