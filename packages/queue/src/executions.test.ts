import { describe, expect, it } from "vitest";
import { readRecordMeta, recordMetaSchema, recordsEntry, recordText, splitEntry } from "./executions";

const meta = {
  executionId: "e1",
  messageId: "m1",
  parentMessageId: null,
  stepId: "deliver",
  status: "failed",
  attempt: 2,
  startedAt: 1_765_000_000_000,
  durationMs: 12,
  replica: 0,
  flowVersion: 3,
  outputs: 0,
  pending: -1,
  retrying: -1,
  replayOf: null,
  errorKind: "retryable",
  errorMessage: 'POST http://x answered 503 "down"\u0001',
  httpStatus: 503,
  inputCut: false,
  outputCut: false,
  attempts: 3,
  entered: false,
  outputIndex: 1,
  inputFromParent: true,
  outputIsInput: false,
};

describe("records handed over", () => {
  it("read a record's meta as the schema does, and refuse what is not one", () => {
    expect(readRecordMeta(JSON.stringify(meta))).toEqual(recordMetaSchema.parse(meta));
    // older runners' records lack the newer fields: their defaults, as the schema's
    const { entered: _e, outputIndex: _o, inputFromParent: _i, outputIsInput: _s, ...older } = meta;
    expect(readRecordMeta(JSON.stringify(older))).toEqual(recordMetaSchema.parse(older));
    for (const [field, value] of [
      ["executionId", 1],
      ["status", "lost"],
      ["attempt", -1],
      ["attempt", 1.5],
      ["startedAt", "now"],
      ["durationMs", -3],
      ["pending", null],
      ["httpStatus", "503"],
      ["inputCut", "no"],
      ["attempts", 0],
      ["replayOf", 7],
    ] as const) {
      const bad = { ...meta, [field]: value };
      expect(readRecordMeta(JSON.stringify(bad)), `${field}: ${String(value)}`).toBeUndefined();
      expect(recordMetaSchema.safeParse(bad).success).toBe(false);
    }
    expect(readRecordMeta("{not json")).toBeUndefined();
    expect(readRecordMeta("null")).toBeUndefined();
  });

  it("split an entry into its records' parts, whatever JSON text holds", () => {
    const parts = [
      { meta: JSON.stringify(meta), input: JSON.stringify({ text: "a\nb\u0001c" }), inputHeaders: "", output: "[1]", message: "" },
      { meta: JSON.stringify({ ...meta, messageId: "m2" }), input: "", inputHeaders: '{"a":"b"}', output: "", message: '{"id":"m2"}' },
    ];
    expect(splitEntry(recordsEntry(parts.map(recordText)))).toEqual(parts);
    expect(splitEntry("")).toEqual([]);
  });
});
