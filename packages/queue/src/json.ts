/** JSON of a value that may hold what JSON cannot (cycles, BigInt): never throws. */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return lossyJson(value);
  }
}

/** JSON with BigInts as strings and every repeated object (cycles, but also shared ones) as "[circular]". */
function lossyJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object") {
      if (seen.has(v)) return "[circular]";
      seen.add(v);
    }
    return v;
  });
}

/** The value as it looks after a trip through JSON (what a queue or an API answer carries). */
export function asJson(value: unknown): unknown {
  return JSON.parse(safeJson(value) ?? "null");
}
