import { defineTrigger, StepError } from "@interflow/sdk";
import type { ImapFlow } from "imapflow";
import type { AddressObject, Attachment } from "mailparser";
import { z } from "zod";
import { imapAccountOfCredential, imapError, withImap } from "./account";

/** most messages one run emits (the next run goes on from there); keeps the snapshot under 5 KB */
export const MAX_MESSAGES_PER_RUN = 200;

export const newMessagesConfig = z
  .object({
    mailbox: z.string({ error: "choose the mailbox to read" }).trim().min(1, "choose the mailbox to read").default("INBOX"),
    /** only messages nobody has read (without \Seen) */
    unseenOnly: z.boolean().default(true),
    /** what becomes of an emitted message: left as it is, marked as read, or moved to `moveTo` */
    afterRead: z.enum(["nothing", "mark-read", "move"]).default("mark-read"),
    moveTo: z.string().trim().optional(),
    maxMessages: z.number().int().min(1, "must be at least 1").max(MAX_MESSAGES_PER_RUN, `must be at most ${MAX_MESSAGES_PER_RUN}`).default(50),
    /** attachments up to this size (all of a message's together) travel in the message, base64; larger ones are listed without content */
    attachmentLimitKb: z.number().int().min(0, "must be 0 or more").max(10_240, "must be at most 10240").default(1_024),
  })
  .superRefine((config, ctx) => {
    if (config.afterRead === "move" && !config.moveTo) ctx.addIssue({ code: "custom", path: ["moveTo"], message: "choose the mailbox to move read messages to" });
    if (config.afterRead === "move" && config.moveTo === config.mailbox) ctx.addIssue({ code: "custom", path: ["moveTo"], message: "choose another mailbox than the one read" });
  });
export type NewMessagesConfig = z.infer<typeof newMessagesConfig>;

/** What a run keeps: the mailbox's UIDVALIDITY, the highest UID emitted, and the UIDs emitted but not yet marked or moved. */
const snapshotSchema = z.object({ uidValidity: z.string(), lastUid: z.number().int().min(0), pending: z.array(z.number().int()).default([]) });
type Snapshot = z.infer<typeof snapshotSchema>;

const addressesOf = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((one) => ({ name: one.name || undefined, address: one.address })));

function attachmentsOf(attachments: Attachment[], limitBytes: number) {
  const total = attachments.reduce((sum, a) => sum + a.size, 0);
  const withContent = total <= limitBytes;
  return attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    ...(a.cid ? { contentId: a.cid } : {}),
    ...(withContent ? { contentBase64: a.content.toString("base64") } : { contentOmitted: true }),
  }));
}

const dateOf = (value: Date | string | undefined) => (value === undefined || Number.isNaN(new Date(value).getTime()) ? undefined : new Date(value).toISOString());

/** After the run that emitted them was kept: the pending messages marked as read or moved, as the step says. */
async function settlePending(client: ImapFlow, config: NewMessagesConfig, pending: number[]): Promise<void> {
  if (pending.length === 0 || config.afterRead === "nothing") return;
  if (config.afterRead === "mark-read") {
    await client.messageFlagsAdd(pending, ["\\Seen"], { uid: true });
    return;
  }
  const moveTo = config.moveTo as string;
  const moved = await client.messageMove(pending, moveTo, { uid: true });
  if (moved === false) {
    const names = (await client.list()).map((m) => m.path);
    if (!names.includes(moveTo)) throw new StepError(`moveTo: the account has no mailbox "${moveTo}" (its mailboxes: ${names.join(", ")})`);
    throw new StepError(`moving the read messages to "${moveTo}" failed`);
  }
}

/**
 * Each run reads the mailbox's messages with a UID above the last one emitted (only unread ones,
 * unless told otherwise), oldest first, and emits each once: its sender, recipients, subject, text,
 * HTML and attachments. The UID and the mailbox's UIDVALIDITY are kept in the snapshot. Messages are
 * marked as read (or moved) at the start of the next run — once the run that emitted them was
 * kept, so a run that fails leaves them as they were and they are read again.
 */
export const newMessages = defineTrigger<NewMessagesConfig>({
  title: "New emails",
  description: "On the flow's schedule, reads a mailbox's new emails over IMAP and emits one message per email.",
  help: {
    description:
      "Each email is emitted once (the mailbox's UIDs tell new from seen), with its sender, recipients, subject, text, HTML and attachments. Marking as read or moving happens at the next run, once the flow has the email for sure.",
    link: "components/imap#new-messages",
  },
  fields: [
    { key: "mailbox", label: "Mailbox", type: "dynamic-select", optionsFrom: "mailboxes", default: "INBOX", required: true, help: { description: "The folder to read, from the account's list (INBOX for incoming mail)." } },
    { key: "unseenOnly", label: "Only unread emails", type: "checkbox", default: true, help: { description: "Leave out emails someone has read already (in any mail program)." } },
    {
      key: "afterRead",
      label: "Then",
      type: "select",
      default: "mark-read",
      options: [
        { value: "mark-read", label: "mark them as read" },
        { value: "move", label: "move them to another mailbox" },
        { value: "nothing", label: "leave them as they are" },
      ],
      help: { description: "What becomes of an email the flow has: done at the start of the next run, once the emails are kept in the flow's queue." },
    },
    { key: "moveTo", label: "Move to", type: "dynamic-select", optionsFrom: "mailboxes", help: { description: "The mailbox emails are moved to (with Then: move), e.g. Processed." } },
    { key: "maxMessages", label: "Emails per run", type: "number", min: 1, max: MAX_MESSAGES_PER_RUN, default: 50, help: { description: "Most emails one run reads; the next run goes on from there." } },
    {
      key: "attachmentLimitKb",
      label: "Attachments in the message up to",
      type: "number",
      unit: "KB",
      min: 0,
      max: 10_240,
      default: 1_024,
      help: { description: "Attachments travel in the message (base64) when all of an email's together are this small; larger ones are listed (name, type, size) without their content." },
    },
  ],
  config: newMessagesConfig,
  poll: async (ctx) => {
    const { config } = ctx;
    const account = imapAccountOfCredential(ctx.credential);
    const previous = snapshotSchema.safeParse(ctx.snapshot);
    const { simpleParser } = await import("mailparser");
    try {
      await withImap(account, async (client) => {
        let lock: Awaited<ReturnType<ImapFlow["getMailboxLock"]>>;
        try {
          lock = await client.getMailboxLock(config.mailbox);
        } catch (error) {
          const names: string[] = await client.list().then((list) => list.map((m) => m.path), () => []);
          if (!names.includes(config.mailbox)) throw new StepError(`mailbox: the account has no mailbox "${config.mailbox}" (its mailboxes: ${names.join(", ")})`);
          throw error;
        }
        try {
          const mailbox = client.mailbox;
          if (!mailbox) throw new StepError(`mailbox: "${config.mailbox}" could not be opened`);
          const uidValidity = String(mailbox.uidValidity);
          let state: Snapshot = { uidValidity, lastUid: 0, pending: [] };
          if (previous.success && previous.data.uidValidity === uidValidity) {
            state = previous.data;
            // the last run was kept: what it emitted is the flow's now
            await settlePending(client, config, state.pending);
            state = { ...state, pending: [] };
          } else if (previous.success) {
            // the mailbox was made anew (its UIDs mean other emails now): read it from the start
            ctx.logger.warn("the mailbox's UIDVALIDITY changed: it is read from the start", { mailbox: config.mailbox });
          }
          const found = await client.search({ uid: `${state.lastUid + 1}:*`, ...(config.unseenOnly ? { seen: false } : {}) }, { uid: true });
          // "n:*" always names the highest UID, even when it is below n
          const uids = (found || []).filter((uid) => uid > state.lastUid).sort((a, b) => a - b).slice(0, config.maxMessages);
          for (const uid of uids) {
            const fetched = await client.fetchOne(String(uid), { uid: true, source: true, flags: true, internalDate: true, size: true }, { uid: true });
            if (fetched === false || !fetched.source) continue;
            const mail = await simpleParser(fetched.source, { skipImageLinks: true, skipTextToHtml: true });
            ctx.emit.data({
              uid,
              mailbox: config.mailbox,
              messageId: mail.messageId,
              date: dateOf(mail.date ?? fetched.internalDate),
              from: addressesOf(mail.from)[0],
              to: addressesOf(mail.to),
              cc: addressesOf(mail.cc),
              replyTo: addressesOf(mail.replyTo)[0],
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              ...(typeof mail.html === "string" ? { html: mail.html } : {}),
              inReplyTo: mail.inReplyTo,
              size: fetched.size,
              flags: [...(fetched.flags ?? [])],
              attachments: attachmentsOf(mail.attachments, config.attachmentLimitKb * 1024),
            });
          }
          if (uids.length === config.maxMessages) ctx.logger.info("the run read a full batch; the next run goes on from there", { maxMessages: config.maxMessages });
          const lastUid = uids.at(-1) ?? state.lastUid;
          ctx.emit.snapshot({ uidValidity, lastUid, pending: uids } satisfies Snapshot);
        } finally {
          lock.release();
        }
      });
    } catch (error) {
      throw imapError(error, account);
    }
  },
});
