// The Redis user of a flow's runners: its rules name that flow's keys only, and a flow id that
// would widen the pattern is refused; URLs carry the user, the password apart.
import { describe, expect, it } from "vitest";
import { redisUrlAs, redisUrlWithoutCredentials, redisUrlWithPassword, runnerAclRules, runnerRedisUser } from "./redis-access";

const FLOW = "0b4b1c1e-6f1a-4a53-9d51-0d2f5f1d2a10";

describe("runners' Redis users", () => {
  it("reach the flow's keys only, no channel, no administration", () => {
    const rules = runnerAclRules(FLOW, "pw");
    expect(rules.filter((r) => r.startsWith("~") || r.startsWith("%") || r.startsWith("&"))).toEqual([`~if:{${FLOW}}:*`]);
    expect(rules).toContain("resetchannels");
    expect(rules).toEqual(expect.arrayContaining(["-@all", "-@dangerous", "-@admin", "-@pubsub", "-scan", "-randomkey", "-function"]));
    expect(rules).not.toContain("+@all");
    expect(rules.indexOf("-@all")).toBeLessThan(rules.indexOf("+@read"));
    expect(runnerRedisUser(FLOW)).toBe(`if-flow-${FLOW}`);
  });

  it("refuses a flow id that would widen its key pattern", () => {
    for (const id of ["*", "a*", "x} ~*", "a b", "[ab]", ""]) expect(() => runnerAclRules(id, "pw")).toThrow("a flow id may hold letters, digits and dashes only");
  });

  it("names the user in the URL and keeps the password apart", () => {
    const admin = "redis://:s3cret@127.0.0.1:6381/3";
    const runner = redisUrlAs(admin, { username: runnerRedisUser(FLOW) });
    expect(runner).toBe(`redis://if-flow-${FLOW}@127.0.0.1:6381/3`);
    expect(redisUrlWithPassword(runner, "p@ss/word")).toBe(`redis://if-flow-${FLOW}:p%40ss%2Fword@127.0.0.1:6381/3`);
    expect(redisUrlWithoutCredentials(admin)).toBe("redis://127.0.0.1:6381/3");
  });
});
