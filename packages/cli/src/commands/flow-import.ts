import { readFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "../errors";
import { formatJson } from "../output";
import type { CommandContext } from "./context";

/**
 * `interflow flow import <file> [--bind <step>=<credential id>]… [--json]`: each step's credential
 * the document names is bound to the workspace's credential of that name, unless --bind chooses one.
 */
export async function flowImport({ file, json, bindings }: { file: string; json: boolean; bindings: Record<string, string> }, ctx: CommandContext) {
  // the file first: a missing or broken file is reported before any configuration problem
  const document = readFlowFile(path.resolve(ctx.cwd, file), file);
  const result = await ctx.client.flows.import.mutate({ document, bindings });
  ctx.io.stdout(json ? formatJson(result) : `imported flow ${result.id} (${result.name}, version ${result.version})\n`);
}

/** The parsed JSON of a flow document file; `shown` is the path as the user typed it. */
export function readFlowFile(file: string, shown = file): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(readFailure(err, shown));
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new CliError(`${shown} is not valid JSON: ${(err as Error).message}`);
  }
}

function readFailure(err: unknown, shown: string): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return `cannot read ${shown}: no such file`;
    case "EISDIR":
      return `cannot read ${shown}: it is a directory, not a flow document`;
    case "EACCES":
      return `cannot read ${shown}: permission denied`;
    default:
      return `cannot read ${shown}: ${(err as Error).message}`;
  }
}
