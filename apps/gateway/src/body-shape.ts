/** How deep a webhook's JSON may nest: far past any real payload, well short of what breaks a serialiser (JSON.stringify of 100,000 levels throws). */
export const MAX_BODY_DEPTH = 256;
/** The most keys one object of a webhook's JSON may have (a flood of keys costs every step that walks it). */
export const MAX_OBJECT_KEYS = 10_000;
/** The most values (objects, arrays and scalars inside them) a webhook's JSON may hold in all. */
export const MAX_BODY_VALUES = 1_000_000;

/**
 * What is wrong with a body's shape, in words naming the limit (the sender's mistake: 400, a retry
 * would not help), or undefined. Walked without recursion, stopping at the first limit passed.
 */
export function bodyShapeProblem(value: unknown): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let values = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > MAX_BODY_DEPTH) return `JSON nested deeper than ${MAX_BODY_DEPTH} levels, the limit`;
    const children = Array.isArray(current) ? current : Object.values(current);
    if (!Array.isArray(current) && children.length > MAX_OBJECT_KEYS) return `an object with ${children.length} keys, over the limit of ${MAX_OBJECT_KEYS.toLocaleString("en")}`;
    values += children.length;
    if (values > MAX_BODY_VALUES) return `JSON with over ${MAX_BODY_VALUES.toLocaleString("en")} values, the limit`;
    for (const child of children) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return undefined;
}
