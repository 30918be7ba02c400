// The IMAP component against a real IMAP server (Debian's dovecot-imapd, started here in a
// directory of its own): emails appended to a mailbox as a mail server would deliver them are
// emitted once each, with sender, recipients, subject, text and attachments; marking as read and
// moving happen at the next run, so a run whose result was not kept reads the same emails again
// (none lost); UIDVALIDITY, batches, the unread filter; failures the server produces for real
// (wrong password, closed port, a mailbox that does not exist) and the network rules.
import { AuthenticationError, credentialDefinitionOf, RetryableError, type StepCredential, StepError } from "@interflow/sdk";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureEgress } from "../http/agent";
import { egressPolicyFromEnv } from "../http/egress";
import { runPoll } from "../testing";
import { imapComponent } from "./imap";
import { newMessages } from "./new-messages";
import { type ImapServer, startDovecot } from "./test-server";

let server: ImapServer;
const credentialOf = (user: string, password = server.users[user]): StepCredential => ({
  authKind: "basic",
  fields: { host: server.host, port: server.port, security: "none", username: user, password },
});

beforeAll(async () => {
  server = await startDovecot();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** A session of the test's own, as a mail program would use the mailbox. */
async function mailbox<T>(user: string, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: server.host, port: server.port, secure: false, doSTARTTLS: false, auth: { user, pass: server.users[user] as string }, logger: false });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.logout();
  }
}

/** Delivers an email into `user`'s mailbox (a MIME message built by nodemailer, appended as a mail server would). */
async function deliver(user: string, mail: { subject: string; text?: string; html?: string; attachments?: Array<{ filename: string; content: string | Buffer; contentType?: string }>; seen?: boolean; to?: string }, box = "INBOX") {
  const built = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail({ from: "Grace Hopper <grace@example.com>", to: mail.to ?? `${user}@example.com`, ...mail });
  await mailbox(user, (client) => client.append(box, built.message as Buffer, mail.seen ? ["\\Seen"] : []));
}

const flagsIn = (user: string, box = "INBOX") =>
  mailbox(user, async (client) => {
    const lock = await client.getMailboxLock(box);
    try {
      const all = await client.fetchAll("1:*", { uid: true, flags: true, envelope: true }).catch(() => []);
      return all.map((m) => ({ subject: m.envelope?.subject, seen: m.flags?.has("\\Seen") ?? false }));
    } finally {
      lock.release();
    }
  });

const poll = (user: string, config: Record<string, unknown>, snapshot?: unknown) => runPoll(newMessages, { config, snapshot, credential: credentialOf(user) });
type Email = { uid: number; subject: string; text: string; from: unknown; to: unknown; attachments: Array<Record<string, unknown>>; html?: string; messageId?: string; date?: string };

describe("new emails (polling trigger)", () => {
  it("emits each new email once with what it says and carries; marks it read at the next run, when its run was kept", async () => {
    await deliver("ada", { subject: "Order 1", text: "Two boxes, please." });
    await deliver("ada", { subject: "Order 2", text: "One box.", html: "<p>One <b>box</b>.</p>", attachments: [{ filename: "order.csv", content: "sku,qty\nBOX,1\n", contentType: "text/csv" }] });
    await deliver("ada", { subject: "Old news", text: "read already", seen: true });

    const first = await poll("ada", {});
    const emails = first.emitted as Email[];
    expect(emails.map((e) => e.subject)).toEqual(["Order 1", "Order 2"]);
    expect(emails[0]).toMatchObject({ mailbox: "INBOX", text: "Two boxes, please.\n", from: { name: "Grace Hopper", address: "grace@example.com" }, to: [{ address: "ada@example.com" }], attachments: [] });
    expect(emails[0]?.messageId).toMatch(/^<.+@example\.com>$/);
    expect(Date.parse(emails[0]?.date ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(emails[1]?.html).toBe("<p>One <b>box</b>.</p>");
    expect(emails[1]?.attachments).toEqual([{ filename: "order.csv", contentType: "text/csv", size: 14, contentBase64: Buffer.from("sku,qty\nBOX,1\n").toString("base64") }]);
    // nothing is marked before the flow has the emails for sure
    expect(await flagsIn("ada")).toEqual([
      { subject: "Order 1", seen: false },
      { subject: "Order 2", seen: false },
      { subject: "Old news", seen: true },
    ]);

    // the run's result was not kept (the runner failed to write it): the next run reads the same emails again
    const again = await poll("ada", {}, undefined);
    expect((again.emitted as Email[]).map((e) => e.subject)).toEqual(["Order 1", "Order 2"]);

    // the kept snapshot: the emails are marked as read now, and nothing is emitted twice
    const second = await poll("ada", {}, first.snapshot);
    expect(second.emitted).toEqual([]);
    expect(await flagsIn("ada")).toEqual([
      { subject: "Order 1", seen: true },
      { subject: "Order 2", seen: true },
      { subject: "Old news", seen: true },
    ]);
    await deliver("ada", { subject: "Order 3", text: "Three." });
    const third = await poll("ada", {}, second.snapshot);
    expect((third.emitted as Email[]).map((e) => e.subject)).toEqual(["Order 3"]);
    expect(JSON.stringify(third.snapshot).length).toBeLessThan(5 * 1024);
  });

  it("moves emails to another mailbox at the next run, reads in batches, and leaves emails as they are when told to", async () => {
    for (let i = 1; i <= 5; i++) await deliver("bob", { subject: `Invoice ${i}`, text: `#${i}` });
    const config = { afterRead: "move", moveTo: "Archive", maxMessages: 2 };
    let snapshot: unknown;
    const seen: string[] = [];
    for (let run = 0; run < 4; run++) {
      const result = await poll("bob", config, snapshot);
      seen.push(...(result.emitted as Email[]).map((e) => e.subject));
      snapshot = result.snapshot;
    }
    expect(seen).toEqual(["Invoice 1", "Invoice 2", "Invoice 3", "Invoice 4", "Invoice 5"]);
    expect(await flagsIn("bob")).toEqual([]);
    expect((await flagsIn("bob", "Archive")).map((m) => m.subject)).toEqual(["Invoice 1", "Invoice 2", "Invoice 3", "Invoice 4", "Invoice 5"]);

    // read or not, left where they are: every email of the mailbox, once
    const all = await poll("bob", { mailbox: "Archive", unseenOnly: false, afterRead: "nothing" });
    expect(all.emitted).toHaveLength(5);
    expect((await poll("bob", { mailbox: "Archive", unseenOnly: false, afterRead: "nothing" }, all.snapshot)).emitted).toEqual([]);
    expect((await flagsIn("bob", "Archive")).every((m) => !m.seen)).toBe(true);
  });

  it("reads a mailbox made anew (another UIDVALIDITY) from the start; lists attachments too large to carry without their content", async () => {
    await deliver("bob", { subject: "Big", text: "see attached", attachments: [{ filename: "scan.bin", content: Buffer.alloc(4096, 7) }] });
    const stale = { uidValidity: "1", lastUid: 999, pending: [] };
    const result = await poll("bob", { attachmentLimitKb: 1 }, stale);
    const emails = result.emitted as Email[];
    expect(emails.map((e) => e.subject)).toEqual(["Big"]);
    expect(emails[0]?.attachments).toEqual([{ filename: "scan.bin", contentType: "application/octet-stream", size: 4096, contentOmitted: true }]);
    expect((result.snapshot as { uidValidity: string }).uidValidity).not.toBe("1");
  });

  it("names what is wrong: the form's fields, a mailbox that does not exist, a mailbox to move to that does not exist", async () => {
    const problems = (c: Record<string, unknown>) => newMessages.config.safeParse(c).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(problems({ afterRead: "move" })).toEqual(["moveTo: choose the mailbox to move read messages to"]);
    expect(problems({ afterRead: "move", moveTo: "INBOX" })).toEqual(["moveTo: choose another mailbox than the one read"]);
    expect(problems({ maxMessages: 1000 })).toEqual(["maxMessages: must be at most 200"]);
    const missing = await poll("ada", { mailbox: "Orders" }).catch((e: Error) => e);
    expect(missing).toBeInstanceOf(StepError);
    expect((missing as Error).message).toBe('mailbox: the account has no mailbox "Orders" (its mailboxes: INBOX, Sent, Archive)');

    await deliver("cy", { subject: "To move", text: "x" });
    const first = await poll("cy", { afterRead: "move", moveTo: "Done" });
    expect((first.emitted as Email[]).map((e) => e.subject)).toEqual(["To move"]);
    const moving = await poll("cy", { afterRead: "move", moveTo: "Done" }, first.snapshot).catch((e: Error) => e);
    expect((moving as Error).message).toMatch(/moveTo: the account has no mailbox "Done"/);
    // the run failed: its snapshot is not kept, the email stays pending and is moved once the mailbox exists
    await mailbox("cy", (client) => client.mailboxCreate("Done"));
    expect((await poll("cy", { afterRead: "move", moveTo: "Done" }, first.snapshot)).emitted).toEqual([]);
    expect((await flagsIn("cy", "Done")).map((m) => m.subject)).toEqual(["To move"]);
  });
});

// Dovecot slows down the logins from an address after a wrong password (2 s, then 4, 8, 15): the
// tests that sign in with one come last, with time for it
describe("credential and failures", () => {
  const verify = (fields: Record<string, unknown>) => credentialDefinitionOf(imapComponent, "basic")?.verify?.({ fields, signal: new AbortController().signal, fetch });

  it("lists the account's mailboxes for the form", async () => {
    const options = await imapComponent.options?.mailboxes?.({ config: {}, credential: credentialOf("bob"), signal: new AbortController().signal, logger: { info() {}, warn() {}, error() {} } });
    expect(options).toEqual(expect.arrayContaining([{ value: "INBOX", label: "INBOX" }, { value: "Archive", label: "Archive (archive)" }, { value: "Sent", label: "Sent (sent)" }]));
  });

  it("obeys the installation's network rules: loopback is refused unless allowed", async () => {
    try {
      await configureEgress(egressPolicyFromEnv({}));
      const refused = await poll("ada", {}).catch((e: Error) => e);
      expect(refused).toBeInstanceOf(StepError);
      expect(refused).not.toBeInstanceOf(RetryableError);
      expect((refused as Error).message).toContain("127.0.0.1 is loopback: steps may not connect there");
    } finally {
      await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8,::1" }));
    }
  });

  it("verifies a mailbox, and says which field is wrong: the password, a closed port, a missing host", async () => {
    expect(await verify(credentialOf("ada").fields)).toEqual({ verified: true });
    const wrong = await verify(credentialOf("ada", "not-the-password").fields);
    expect(wrong).toMatchObject({ verified: false, field: "password", message: expect.stringMatching(/^127\.0\.0\.1:\d+ refused the sign-in/) });
    expect(JSON.stringify(wrong)).not.toContain("not-the-password");
    expect(await verify({ ...credentialOf("ada").fields, port: 1 })).toEqual({ verified: false, field: "host", message: "127.0.0.1:1 refused the connection: is the IMAP server running there?" });
    expect(await verify({ ...credentialOf("ada").fields, host: "" })).toEqual({ verified: false, field: "host", message: "host: required" });
  }, 30_000);

  it("a run with a wrong password is an authentication error (the credential is marked), a closed port is retried", async () => {
    const refused = await runPoll(newMessages, { config: {}, credential: credentialOf("ada", "nope") }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    const closed = await runPoll(newMessages, { config: {}, credential: { ...credentialOf("ada"), fields: { ...credentialOf("ada").fields, port: 1 } } }).catch((e: Error) => e);
    expect(closed).toBeInstanceOf(RetryableError);
    await expect(runPoll(newMessages, { config: {} })).rejects.toThrow("the step has no credential: choose the IMAP mailbox to read");
  }, 30_000);
});
