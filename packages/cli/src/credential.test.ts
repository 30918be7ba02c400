// `interflow credential …` and `flow import --bind`: the built CLI against the real API, with a
// worker's step-test processor in this process checking credentials (the tests' encryption key)
// and a local application that the http component's Verify calls.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { TEST_ENCRYPTION_KEY } from "@interflow/api/testing";
import { startTestStepWorker } from "@interflow/api/testing/step-test-worker";
import { TEST_COMPONENTS } from "@interflow/api/testing/test-components";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliHarness, type CliRun, expectOneErrorLine, startCliHarness } from "./testing/cli-harness";

const CREDENTIAL_TESTS_REDIS_DB = 11;

const secret = (what: string) => `${what}_${randomBytes(16).toString("hex")}`;
const GOOD_TOKEN = secret("tok");
/** every secret handed to the CLI here: none may ever be printed */
const secrets = [GOOD_TOKEN];
const keep = (value: string) => {
  secrets.push(value);
  return value;
};

let h: CliHarness;
let worker: { close(): Promise<void> };
let app: Server;
let appUrl = "";
const runs: CliRun[] = [];

async function interflow(args: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<CliRun> {
  const run = await h.interflow(args, env, stdin);
  runs.push(run);
  return run;
}

/** The id in "created credential <id> (…)". */
function createdId(run: CliRun): string {
  expect(run.stderr).toBe("");
  const [, id] = /^created credential (\S+) /.exec(run.stdout) ?? [];
  expect(id).toBeTruthy();
  return id as string;
}

function flowUsing(credentialId: string) {
  return {
    schema: "interflow/flow@1",
    name: "Billing sync",
    nodes: [
      { id: "hook", component: "webhook", function: "receive" },
      { id: "send", component: "http", function: "request", config: { url: "http://billing.example.test/invoices" }, credentialId },
    ],
    edges: [{ source: "hook", target: "send" }],
  };
}

beforeAll(async () => {
  h = await startCliHarness({ redisDb: CREDENTIAL_TESTS_REDIS_DB, components: TEST_COMPONENTS, encryptionKey: TEST_ENCRYPTION_KEY });
  worker = await startTestStepWorker({ redisUrl: h.redisUrl });
  // an application that takes one bearer token
  app = createServer((req, res) => {
    res.writeHead(req.headers.authorization === `Bearer ${GOOD_TOKEN}` ? 200 : 401);
    res.end();
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
});

afterAll(async () => {
  app?.closeAllConnections();
  app?.close();
  await worker?.close();
  await h?.close();
  // whatever a test did, no secret reached stdout or stderr
  const printed = runs.map((run) => run.stdout + run.stderr).join("\n");
  for (const known of secrets) expect(printed).not.toContain(known);
});

describe("interflow credential (built CLI against the real API)", () => {

  it("creates credentials, the component's declaration saying which fields are secret, and lists them masked", async () => {
    // http declares its credentials: "token" is a password field, so a secret
    const created = await interflow(["credential", "create", "--component", "http", "--name", "Billing API", "--auth", "bearer", "--set", `token=${GOOD_TOKEN}`, "--set", `verifyUrl=${appUrl}/me`]);
    const id = createdId(created);
    expect(created.stdout).toBe(`created credential ${id} (Billing API: http, bearer; unverified: check it with \`interflow credential verify ${id}\`)\n`);
    // transform declares none: --secret says what is secret
    const hookSecret = keep(secret("hook"));
    createdId(await interflow(["credential", "create", "--component", "transform", "--name", "Hook signing", "--auth", "bearer", "--secret", `token=${hookSecret}`]));
    const asJson = await interflow(["credential", "create", "--component", "test-crm", "--name", "CRM", "--set", "region=eu", "--secret", `apiKey=${keep(`crm_${secret("k")}`)}`, "--json"]);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ name: "CRM", component: "test-crm", authKind: "api-key", values: { region: "eu" }, secrets: { apiKey: { set: true } } });

    const list = await interflow(["credential", "list"]);
    expect(list.stderr).toBe("");
    const [header, ...rows] = list.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID +NAME +COMPONENT +AUTH +STATUS +SECRETS$/);
    expect(rows.find((row) => row.startsWith(`${id} `))).toMatch(new RegExp(`^${id} +Billing API +http +bearer +unverified +token ••••••••${GOOD_TOKEN.slice(-4)}$`));
    expect(rows).toHaveLength(3);
    const listed = JSON.parse((await interflow(["credential", "list", "--json"])).stdout) as { credentials: Array<{ id: string; secrets: unknown }> };
    expect(listed.credentials.find((c) => c.id === id)?.secrets).toEqual({ token: { set: true, masked: `••••••••${GOOD_TOKEN.slice(-4)}` } });
  });

  it("verify prints that a credential is verified, or fails with the reason and the field", async () => {
    const good = createdId(await interflow(["credential", "create", "--component", "test-crm", "--name", "CRM good", "--set", "region=eu", "--secret", `apiKey=${keep(`crm_${secret("k")}`)}`]));
    const verified = await interflow(["credential", "verify", good]);
    expect(verified).toEqual({ code: 0, stdout: `credential ${good} (CRM good) is verified\n`, stderr: "" });

    const bad = createdId(await interflow(["credential", "create", "--component", "test-crm", "--name", "CRM bad", "--set", "region=eu", "--secret", `apiKey=${keep(secret("nope"))}`]));
    expect(expectOneErrorLine(await interflow(["credential", "verify", bad]))).toBe(`error: credential ${bad} (CRM bad) is not verified: the CRM refused this API key (field: apiKey)`);
    const json = await interflow(["credential", "verify", bad, "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ credential: { id: bad, verification: { status: "failed" } }, result: { verified: false, field: "apiKey" } });

    // the http component's Verify calls the application with the token
    const http = createdId(await interflow(["credential", "create", "--component", "http", "--name", "App", "--auth", "bearer", "--set", `token=${GOOD_TOKEN}`, "--set", `verifyUrl=${appUrl}/me`]));
    expect(await interflow(["credential", "verify", http])).toMatchObject({ code: 0, stdout: `credential ${http} (App) is verified\n` });
    const wrong = createdId(await interflow(["credential", "create", "--component", "http", "--name", "App (wrong)", "--auth", "bearer", "--set", `token=${keep(secret("tok"))}`, "--set", `verifyUrl=${appUrl}/me`]));
    expect(expectOneErrorLine(await interflow(["credential", "verify", wrong]))).toMatch(new RegExp(`^error: credential ${wrong} \\(App \\(wrong\\)\\) is not verified: .+ \\(field: token\\)$`));
  });

  it("answers bad input with one line naming the field", async () => {
    const base = ["credential", "create", "--component", "http", "--auth", "bearer"];
    expect(expectOneErrorLine(await interflow([...base, "--name", "X", "--set", "colour=red"]))).toMatch(/^error: --set colour: a bearer credential of http has no field "colour"/);
    expect(expectOneErrorLine(await interflow([...base, "--set", `token=${keep(secret("t"))}`]))).toMatch(/^error: missing --name <n>; usage: interflow credential create /);
    expect(expectOneErrorLine(await interflow([...base, "--name", "Y", "--set", `verifyUrl=${appUrl}/me`]))).toBe("error: secrets.token: required");
    expect(expectOneErrorLine(await interflow(["credential", "create", "--component", "http", "--name", "Z", "--set", `token=${keep(secret("t"))}`]))).toMatch(
      /^error: --auth: say how the credential authenticates \(.*bearer.*\)$/,
    );
    expect(expectOneErrorLine(await interflow(["credential", "create", "--component", "nowhere", "--name", "Z", "--auth", "bearer"]))).toBe(
      'error: component: "nowhere" is not an installed component',
    );
    const taken = ["credential", "create", "--component", "test-crm", "--name", "Taken", "--set", "region=eu", "--secret", `apiKey=${keep(secret("k"))}`];
    createdId(await interflow(taken));
    expect(expectOneErrorLine(await interflow(taken))).toBe('error: name: a credential named "Taken" exists in this workspace');
    expect(expectOneErrorLine(await interflow(["credential", "verify", "no-such-id"]))).toBe("error: credential no-such-id not found");
  });

  it("delete is refused while a flow uses the credential, naming the flow", async () => {
    const id = createdId(await interflow(["credential", "create", "--component", "http", "--name", "In use", "--auth", "bearer", "--set", `token=${keep(secret("t"))}`]));
    const imported = await interflow(["flow", "import", h.writeFile("uses-credential.json", flowUsing(id))]);
    expect(imported.stderr).toBe("");
    expect(expectOneErrorLine(await interflow(["credential", "delete", id]))).toBe(
      'error: id: the credential "In use" is used by the flow "Billing sync" (current version): choose another credential for its steps first',
    );
    const unused = createdId(await interflow(["credential", "create", "--component", "http", "--name", "Unused", "--auth", "bearer", "--set", `token=${keep(secret("t"))}`]));
    expect(await interflow(["credential", "delete", unused])).toEqual({ code: 0, stdout: `deleted credential ${unused}\n`, stderr: "" });
    expect(expectOneErrorLine(await interflow(["credential", "delete", unused]))).toBe(`error: credential ${unused} not found`);
  });
});

describe("interflow flow import: a flow's credentials between workspaces", () => {
  it("an exported flow names its credential; import binds the workspace's of that name, or --bind chooses one", async () => {
    const id = createdId(await interflow(["credential", "create", "--component", "http", "--name", "Ledger", "--auth", "bearer", "--set", `token=${keep(secret("t"))}`]));
    const [, flowId] = /^imported flow (\S+) /.exec((await interflow(["flow", "import", h.writeFile("ledger.json", flowUsing(id))])).stdout) ?? [];
    const exported = await interflow(["flow", "export", flowId as string]);
    expect(exported.stdout).not.toContain(id);
    expect(JSON.parse(exported.stdout).nodes[1]).toMatchObject({ credential: { name: "Ledger", component: "http" } });
    const file = h.writeFile("ledger-export.json", exported.stdout);

    const other = { INTERFLOW_TOKEN: h.otherToken };
    expect(expectOneErrorLine(await interflow(["flow", "import", file], other))).toBe(
      'error: the flow is not valid: nodes[1].credential: no http credential named "Ledger" in this workspace: create it first, or bind step "send" to a credential; choose one with --bind <step>=<credential id> (see `interflow credential list`)',
    );
    const theirs = createdId(await interflow(["credential", "create", "--component", "http", "--name", "Ledger (prod)", "--auth", "bearer", "--set", `token=${keep(secret("t"))}`], other));
    const bound = await interflow(["flow", "import", file, "--bind", `send=${theirs}`, "--json"], other);
    expect(bound.stderr).toBe("");
    const boundId = (JSON.parse(bound.stdout) as { id: string }).id;
    expect(JSON.parse((await interflow(["flow", "export", boundId], other)).stdout).nodes[1].credential).toEqual({ name: "Ledger (prod)", component: "http" });

    // a credential of the same name and component is bound without asking
    createdId(await interflow(["credential", "create", "--component", "http", "--name", "Ledger", "--auth", "bearer", "--set", `token=${keep(secret("t"))}`], other));
    const byName = await interflow(["flow", "import", file], other);
    expect(byName).toMatchObject({ code: 0, stderr: "" });
  });

  it("reads a secret from stdin (@-) or a file (@<file>), so it need not sit in shell history; refusals name the field, never the value", async () => {
    const create = (name: string, token: string) => ["credential", "create", "--component", "http", "--name", name, "--auth", "bearer", "--set", `token=${token}`, "--set", `verifyUrl=${appUrl}/me`];
    const fromStdin = createdId(await interflow(create("From stdin", "@-"), {}, `${GOOD_TOKEN}\n`));
    expect(await interflow(["credential", "verify", fromStdin])).toMatchObject({ code: 0, stdout: expect.stringMatching(/is verified\n$/) });
    h.writeFile("token.txt", `${GOOD_TOKEN}\n`);
    const fromFile = createdId(await interflow(create("From a file", "@token.txt")));
    expect(await interflow(["credential", "verify", fromFile])).toMatchObject({ code: 0, stdout: expect.stringMatching(/is verified\n$/) });
    // "@@" is a value that starts with "@": sent as it is (and refused by the application, so not verified)
    const literal = createdId(await interflow(create("Literal at", "@@not-a-file")));
    expect((await interflow(["credential", "verify", literal])).code).not.toBe(0);
    expect(expectOneErrorLine(await interflow(create("Missing", "@missing.txt")))).toBe('error: --set token: cannot read missing.txt (ENOENT); a value starting with "@" is written "@@…"');
    expect(expectOneErrorLine(await interflow(["credential", "create", "--component", "http", "--name", "Twice", "--auth", "bearer", "--set", "token=@-", "--set", "verifyUrl=@-"], {}, "x"))).toMatch(/^error: --set verifyUrl: stdin \(@-\) already gives --set token; one value at most comes from stdin/);
  });
});
