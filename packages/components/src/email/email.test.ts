// The email component against a real SMTP server (the npm smtp-server, on loopback, with STARTTLS on
// its self-signed certificate and a password): what it sends arrives as sent, and each way a server
// says no — a wrong password, a rejected recipient, a closed port, a certificate nobody signed —
// becomes the error the runner needs.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { AuthenticationError, RetryableError, StepError } from "@interflow/sdk";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStep, verifyCredential } from "../testing";
import { emailComponent, sendEmail } from "./email";

interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  data: string;
}

const received: Received[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "robot" && auth.password === "s3cret") return callback(null, { user: auth.username });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("nobody@")) return callback(Object.assign(new Error("No such user here"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          data: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
    logger: false,
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const account = (over: Record<string, unknown> = {}) => ({ host: "127.0.0.1", port, security: "starttls", username: "robot", password: "s3cret", from: "Interflow <robot@example.com>", allowUntrustedCertificate: true, ...over });
const credential = (over: Record<string, unknown> = {}) => ({ authKind: "basic", fields: account(over) });
const kind = emailComponent.credentials?.[0];
if (!kind) throw new Error("the email component declares no credential");

describe("Email: send", () => {
  it("sends over STARTTLS after signing in; the server gets the sender, the recipients and the text; the step emits what it accepted", async () => {
    const run = await runStep(sendEmail, {
      config: {},
      id: "msg-42",
      credential: credential(),
      body: { to: ["Ada <ada@example.com>", "grace@example.com"], cc: "linus@example.com", subject: "Order 7 shipped", text: "It is on its way.", html: "<p>It is on its <b>way</b>.</p>" },
    });
    expect(run.emitted).toEqual([{ messageId: "<msg-42@interflow>", accepted: ["ada@example.com", "grace@example.com", "linus@example.com"], rejected: [], response: expect.stringMatching(/^250/) }]);
    const mail = received.at(-1);
    expect(mail).toMatchObject({ from: "robot@example.com", to: ["ada@example.com", "grace@example.com", "linus@example.com"], user: "robot", secure: true });
    expect(mail?.data).toMatch(/^Subject: Order 7 shipped\r$/m);
    expect(mail?.data).toMatch(/^Message-ID: <msg-42@interflow>\r$/m);
    expect(mail?.data).toContain("It is on its way.");
    expect(mail?.data).toContain("multipart/alternative");
  });

  it("a wrong password marks the credential; a rejected recipient fails the message; a closed port is retried; an unsigned certificate is refused unless accepted", async () => {
    const body = { to: "ada@example.com", subject: "hi", text: "hi" };
    await expect(runStep(sendEmail, { config: {}, credential: credential({ password: "wrong" }), body })).rejects.toThrow(AuthenticationError);
    const rejected = runStep(sendEmail, { config: {}, credential: credential(), body: { ...body, to: "nobody@example.com" } });
    await expect(rejected).rejects.toThrow(StepError);
    await expect(rejected).rejects.toThrow(/rejected the message: .*550/);
    const closed = runStep(sendEmail, { config: {}, credential: credential({ port: 1 }), body });
    await expect(closed).rejects.toThrow(RetryableError);
    await expect(closed).rejects.toThrow(/127\.0\.0\.1:1: .*ECONNREFUSED/);
    await expect(runStep(sendEmail, { config: {}, credential: credential({ allowUntrustedCertificate: false }), body })).rejects.toThrow(/TLS failed: .*certificate/i);
  });

  it("refuses an email without a recipient or a body, and a credential without a user, naming what is missing, before connecting", async () => {
    await expect(runStep(sendEmail, { config: {}, credential: credential(), body: { subject: "x", text: "x" } })).rejects.toThrow(/to: an address or a list of addresses/);
    await expect(runStep(sendEmail, { config: {}, credential: credential(), body: { to: "a@example.com", subject: "x" } })).rejects.toThrow("the email has no body: map Text or HTML");
    await expect(runStep(sendEmail, { config: {}, credential: credential({ username: "" }), body: { to: "a@example.com", text: "x" } })).rejects.toThrow("the step's SMTP credential: username: required");
  });

  it("sends to nobody on an address the network rules refuse", async () => {
    await expect(runStep(sendEmail, { config: {}, credential: credential({ host: "169.254.169.254", port: 25 }), body: { to: "a@example.com", text: "x" } })).rejects.toThrow(/169\.254\.169\.254.*(refused|link-local)/i);
  });
});

describe("Email: the SMTP credential's Verify", () => {
  it("signs in as sending would; names the field at fault otherwise", async () => {
    expect(await verifyCredential(kind, account())).toEqual({ verified: true });
    expect(await verifyCredential(kind, account({ password: "wrong" }))).toMatchObject({ verified: false, field: "password", message: expect.stringContaining("refused the sign-in") });
    expect(await verifyCredential(kind, account({ port: 1 }))).toMatchObject({ verified: false, field: "host" });
    expect(await verifyCredential(kind, account({ allowUntrustedCertificate: false }))).toMatchObject({ verified: false, field: "security" });
    expect(await verifyCredential(kind, account({ host: "" }))).toMatchObject({ verified: false, field: "host", message: "host: required" });
    expect(await verifyCredential(kind, account({ password: "" }))).toMatchObject({ verified: false, field: "password" });
  });
});
