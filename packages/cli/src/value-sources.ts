import { readFile } from "node:fs/promises";
import path from "node:path";
import { CliError } from "./errors";

/**
 * Values of `--set`/`--secret` that come from elsewhere, so secrets need not sit in shell history:
 * `@-` is the whole of stdin (one value at most), `@<file>` a file's content (one trailing newline
 * dropped, as editors and `echo` add it), `@@…` a value that starts with "@". Refusals name the
 * option, the key and the source — never a value.
 */
export async function resolveValueSources(
  option: string,
  record: Record<string, string>,
  p: { cwd: string; readStdin?: () => Promise<string>; stdinTaken?: { by?: string } },
): Promise<Record<string, string>> {
  const taken = p.stdinTaken ?? {};
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!value.startsWith("@")) resolved[key] = value;
    else if (value.startsWith("@@")) resolved[key] = value.slice(1);
    else if (value === "@-") {
      if (taken.by) throw new CliError(`${option} ${key}: stdin (@-) already gives ${taken.by}; one value at most comes from stdin`);
      if (!p.readStdin) throw new CliError(`${option} ${key}: nothing to read from stdin here`);
      taken.by = `${option} ${key}`;
      resolved[key] = withoutTrailingNewline(await p.readStdin());
    } else {
      const file = path.resolve(p.cwd, value.slice(1));
      try {
        resolved[key] = withoutTrailingNewline(await readFile(file, "utf8"));
      } catch (error) {
        throw new CliError(`${option} ${key}: cannot read ${value.slice(1)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); a value starting with "@" is written "@@…"`);
      }
    }
  }
  return resolved;
}

const withoutTrailingNewline = (text: string) => text.replace(/\r?\n$/, "");

/** All of this process's stdin, as text. */
export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
