/** How deep a webhook's JSON may nest: far past any real payload, well short of what breaks a serialiser (JSON.stringify of 100,000 levels throws). */
export const MAX_BODY_DEPTH = 256;

/** Whether `value` nests arrays and objects deeper than `limit` levels (walked without recursion, stopping early). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}
