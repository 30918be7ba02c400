import { parseArgs } from "node:util";
import { type CommandGroup, type CommandSpec, commandSpec, commandUsage, OPTIONS, type OptionName } from "./command-table";
import { UsageError } from "./errors";

/** One command's arguments, split by what the command table declares. */
export interface ParsedLine {
  usage: string;
  positionals: string[];
  flags: Partial<Record<OptionName, true>>;
  values: Partial<Record<OptionName, string>>;
  lists: Partial<Record<OptionName, string[]>>;
}

const PARSE_ARGS_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, { takes }]) => [name, takes === "nothing" ? { type: "boolean" as const } : { type: "string" as const, multiple: takes === "values" }]),
);

/** Splits the arguments of one command, allowing only the options it declares, each once unless repeatable. */
export function splitLine(group: CommandGroup, name: string, args: readonly string[]): ParsedLine {
  const spec: CommandSpec = commandSpec(group, name);
  const usage = commandUsage(group, name);
  const { tokens } = parseArgs({ args: [...args], strict: false, allowPositionals: true, tokens: true, options: PARSE_ARGS_OPTIONS });
  const line: ParsedLine = { usage, positionals: [], flags: {}, values: {}, lists: {} };
  for (const token of tokens) {
    if (token.kind === "positional") line.positionals.push(token.value);
    if (token.kind !== "option") continue;
    const option = spec.options.find((o) => o === token.name);
    if (!option) throw new UsageError(`unknown option "${token.rawName}" for "${group} ${name}"`, usage);
    const { takes } = OPTIONS[option];
    if (takes === "nothing") {
      if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value`, usage);
      line.flags[option] = true;
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-"))) throw new UsageError(`${token.rawName} needs a value`, usage);
    if (takes === "values") line.lists[option] = [...(line.lists[option] ?? []), token.value];
    else if (line.values[option] !== undefined) throw new UsageError(`${token.rawName} given twice`, usage);
    else line.values[option] = token.value;
  }
  const missing = spec.args[line.positionals.length];
  if (missing) throw new UsageError(`missing <${missing}>`, usage);
  const extra = line.positionals[spec.args.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`, usage);
  for (const option of spec.required ?? []) {
    if (!line.values[option]?.trim()) throw new UsageError(`missing ${OPTIONS[option].usage}`, usage);
  }
  if (spec.oneOf) {
    const given = spec.oneOf.filter((o) => line.flags[o] || line.values[o] !== undefined || line.lists[o] !== undefined);
    if (given.length === 0) throw new UsageError(`missing ${spec.oneOf.map((o) => OPTIONS[o].usage).join(" or ")}`, usage);
    if (given.length > 1) throw new UsageError(`${given.map((o) => `--${o}`).join(" and ")} given together: give one of them`, usage);
  }
  return line;
}

/** An option's value as a positive number (a whole one when `integer`), or undefined when not given. */
export function positiveNumber(raw: string | undefined, what: string, usage: string, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${what} must be a positive ${integer ? "whole number" : "number"} (got "${raw}")`, usage);
  }
  return value;
}
