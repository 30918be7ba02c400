import { createServer } from "node:net";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { createInterflowClient } from "./client";
import { CliError, errorLine, UsageError } from "./errors";

/** A TRPCClientError as the client builds it from an error response of the API. */
function apiError(code: string, message: string, extra: Record<string, unknown> = {}) {
  return TRPCClientError.from({ error: { code: -32600, message, data: { code, httpStatus: 400, ...extra } } });
}

const ctx = { url: "http://127.0.0.1:3999", dataDir: "/srv/interflow/.data" };

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("errorLine", () => {
  it("prints CLI errors as they are worded, on one line", () => {
    expect(errorLine(new CliError("flows.json is not valid JSON: Unexpected end of JSON input"))).toBe(
      "error: flows.json is not valid JSON: Unexpected end of JSON input",
    );
    expect(errorLine(new UsageError('unknown option "--x"', "interflow flow list [--json]"))).toBe(
      'error: unknown option "--x"; usage: interflow flow list [--json]',
    );
    expect(errorLine(new CliError("first\n  second"))).toBe("error: first second");
  });

  it("lists every flow issue of an invalid flow", () => {
    const issues = [
      { rule: "unknown-component", nodeId: "send", path: "nodes[1].component", message: 'node "send": unknown component "smtp"' },
      { rule: "unreachable", nodeId: "log", path: "nodes[2]", message: 'node "log": cannot be reached from the trigger' },
    ];
    expect(errorLine(apiError("BAD_REQUEST", "the flow is not valid: …", { issues }), ctx)).toBe(
      'error: the flow is not valid: node "send": unknown component "smtp"; node "log": cannot be reached from the trigger',
    );
  });

  it("points at the token on 401 and passes 404 and 409 messages through", () => {
    expect(errorLine(apiError("UNAUTHORIZED", "invalid token"), ctx)).toBe(
      "error: the API token was refused; set INTERFLOW_TOKEN or check /srv/interflow/.data/admin-token",
    );
    expect(errorLine(apiError("NOT_FOUND", "flow f9 not found"), ctx)).toBe("error: flow f9 not found");
    expect(errorLine(apiError("CONFLICT", "the flow is already running"), ctx)).toBe("error: the flow is already running");
  });

  it("says when the server cannot be reached, with the system error code", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const client = createInterflowClient({ url, token: "t" });
    const err = await client.flows.list.query().catch((e: unknown) => e);
    expect(errorLine(err, { url })).toBe(`error: cannot reach Interflow at ${url} (ECONNREFUSED); is \`npm start\` running?`);
  });

  it("names unexpected failures without a stack", () => {
    expect(errorLine(new TypeError("x is not a function"))).toBe("error: unexpected failure: x is not a function");
  });
});
