import { FLOW_STATES } from "@interflow/flow";
import { expect, it } from "vitest";
import { FlowState } from "../generated/prisma/client";

it("the database's FlowState enum lists the states of packages/flow, in the same order", () => {
  expect(Object.values(FlowState)).toEqual([...FLOW_STATES]);
});
