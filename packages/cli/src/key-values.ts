import { UsageError } from "./errors";

const ORDINALS = ["1st", "2nd", "3rd"];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;

/**
 * `key=value` pairs of a repeatable option (`--set region=eu --set port=8080`) as a record. A value
 * may hold "=" (only the first one splits). Refusals name the option, the key and which one is
 * wrong, never a value: values given with --secret are secrets.
 */
export function parseKeyValues(option: string, pairs: readonly string[], usage: string): Record<string, string> {
  const record: Record<string, string> = {};
  pairs.forEach((pair, i) => {
    const at = pair.indexOf("=");
    if (at === -1) throw new UsageError(`${option}: the ${ordinal(i + 1)} ${option} is not <key>=<value>`, usage);
    const key = pair.slice(0, at).trim();
    if (key === "") throw new UsageError(`${option}: the ${ordinal(i + 1)} ${option} has no key before "="`, usage);
    if (Object.hasOwn(record, key)) throw new UsageError(`${option} ${key}: given twice`, usage);
    record[key] = pair.slice(at + 1);
  });
  return record;
}
