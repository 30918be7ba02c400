import { StepError } from "@interflow/sdk";
import { describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { delay } from "./delay";

const order = { id: 7, dueDate: "2026-12-24T09:00:00Z" };

describe("delay/wait (Wait)", () => {
  it("sends the message on unchanged, with its headers, after the wait in seconds", async () => {
    const { emittedMessages } = await runStep(delay, { config: { seconds: 90 }, body: order, headers: { source: "shop" } });
    expect(emittedMessages).toEqual([{ body: order, headers: { source: "shop" }, delayMs: 90_000 }]);
  });

  it("waits until a time taken from the message (ISO 8601 or epoch ms); a time past sends it on at once", async () => {
    const inAnHour = Date.now() + 3_600_000;
    const iso = await runStep(delay, { config: { wait: "until", until: "at" }, body: { at: new Date(inAnHour).toISOString() } });
    expect(iso.emittedMessages[0]?.delayMs).toBeGreaterThan(3_590_000);
    expect(iso.emittedMessages[0]?.delayMs).toBeLessThanOrEqual(3_600_000);
    const ms = await runStep(delay, { config: { wait: "until", until: "at - 1800000" }, body: { at: inAnHour } });
    expect(ms.emittedMessages[0]?.delayMs).toBeGreaterThan(1_790_000);
    const past = await runStep(delay, { config: { wait: "until", until: "at" }, body: { at: "2020-01-01T00:00:00Z" } });
    expect(past.emittedMessages).toEqual([{ body: { at: "2020-01-01T00:00:00Z" }, headers: {} }]);
  });

  it("takes { until } alone as waiting until that time (the document contract's form); { seconds } alone waits that long", async () => {
    const inAnHour = Date.now() + 3_600_000;
    const until = await runStep(delay, { config: { until: "at" }, body: { at: inAnHour } });
    expect(until.emittedMessages[0]?.delayMs).toBeGreaterThan(3_590_000);
    const seconds = await runStep(delay, { config: { seconds: 5 }, body: { at: inAnHour } });
    expect(seconds.emittedMessages[0]?.delayMs).toBe(5_000);
    // "for" said outright waits for the seconds even with a time given
    const forSeconds = await runStep(delay, { config: { wait: "for", seconds: 7, until: "at" }, body: { at: inAnHour } });
    expect(forSeconds.emittedMessages[0]?.delayMs).toBe(7_000);
  });

  it("fails a message whose time is not a time, or more than 30 days ahead, saying what it got", async () => {
    const notATime = (await runStep(delay, { config: { wait: "until", until: "dueDate" }, body: { dueDate: "next tuesday" } }).catch((e: unknown) => e)) as StepError;
    expect(notATime).toBeInstanceOf(StepError);
    expect(notATime.message).toBe('the time to wait until is "next tuesday": it must be ISO 8601 text with a time zone or epoch milliseconds');
    const missing = (await runStep(delay, { config: { wait: "until", until: "dueDate" }, body: {} }).catch((e: unknown) => e)) as StepError;
    expect(missing.message).toBe("the time to wait until is nothing: it must be ISO 8601 text with a time zone or epoch milliseconds");
    const far = (await runStep(delay, { config: { wait: "until", until: "at" }, body: { at: Date.now() + 40 * 86_400_000 } }).catch((e: unknown) => e)) as StepError;
    expect(far.message).toMatch(/^the time to wait until \(.*\) is more than 30 days ahead$/);
  });

  it("waits 60 seconds unless told otherwise; until a time needs the time, within 30 days", () => {
    expect(delay.config.parse({})).toEqual({ seconds: 60 });
    expect(delay.config.safeParse({ wait: "until" }).error?.issues[0]).toMatchObject({ path: ["until"], message: "must say when each message goes on (JSONata giving a time)" });
    expect(delay.config.safeParse({ seconds: 31 * 86_400 }).error?.issues[0]).toMatchObject({ path: ["seconds"], message: "at most 2592000 (30 days)" });
    expect(delay.config.safeParse({ wait: "until", until: "at +" }).error?.issues[0]?.path).toEqual(["until"]);
  });
});
