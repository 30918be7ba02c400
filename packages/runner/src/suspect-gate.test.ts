import { describe, expect, it } from "vitest";
import { DEFERRED, SuspectGate } from "./suspect-gate";

const later = () => {
  let done = () => {};
  const promise = new Promise<void>((resolve) => (done = resolve));
  return { promise, done };
};

describe("suspect gate", () => {
  it("runs jobs side by side; a suspect waits for them, stops fetching, runs alone, and turns others away meanwhile", async () => {
    const events: string[] = [];
    const gate = new SuspectGate({ pause: async () => void events.push("pause"), resume: async () => void events.push("resume") });
    const first = later();
    const second = later();
    const a = gate.run(false, async () => {
      await first.promise;
      events.push("a done");
      return "a";
    });
    const b = gate.run(false, async () => {
      await second.promise;
      events.push("b done");
      return "b";
    });
    const suspect = gate.run(true, async () => {
      events.push("suspect runs");
      return "s";
    });
    // while the suspect waits its turn, nothing else starts
    expect(await gate.run(false, async () => "c")).toBe(DEFERRED);
    expect(await gate.run(true, async () => "d")).toBe(DEFERRED);
    first.done();
    second.done();
    expect(await Promise.all([a, b, suspect])).toEqual(["a", "b", "s"]);
    expect(events).toEqual(["pause", "a done", "b done", "suspect runs", "resume"]);
    // afterwards jobs run again
    expect(await gate.run(false, async () => "e")).toBe("e");
  });

  it("lets the next job in when the suspect fails", async () => {
    const gate = new SuspectGate();
    await expect(gate.run(true, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(false, async () => "next")).toBe("next");
  });
});
