import { defineAction, defineComponent, StepError } from "@interflow/sdk";
import { z } from "zod";
import { accountOfCredential, mailCredentialFields, SMTP_SECURITY, smtpAccountOf, smtpError, transportFor } from "./smtp";

const MAX_RECIPIENTS = 100;
const address = z.string().trim().max(998);
const addresses = z.union([address, z.array(address).max(MAX_RECIPIENTS)]).optional();

/** What the send step's mapping builds: the email, field by field. */
export const emailInputSchema = z.object({
  to: z.union([address.min(1, "to: at least one address"), z.array(address).min(1, "to: at least one address").max(MAX_RECIPIENTS)], { error: "to: an address or a list of addresses" }),
  cc: addresses,
  bcc: addresses,
  from: address.optional(),
  replyTo: address.optional(),
  subject: z.string({ error: "subject: text" }).max(998, "subject: at most 998 characters").default(""),
  text: z.string({ error: "text: text" }).optional(),
  html: z.string({ error: "html: text" }).optional(),
});

const listOf = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export const sendEmail = defineAction<Record<string, never>>({
  title: "Send email",
  description: "Sends an email through an SMTP server; emits the server's message id and who it accepted.",
  help: {
    description:
      "Map to, subject and text (or html) from the message. The password goes only over TLS (STARTTLS is required unless the credential says None). A sign-in the server refuses marks the credential; a recipient it rejects for good fails the message (kept in failed messages); a busy or unreachable server is retried.",
    link: "components/email#send",
  },
  input: {
    fields: [
      { key: "to", label: "To", type: "any", required: true, help: { description: "An address (\"Ada <ada@example.com>\" or ada@example.com), or a list of them." } },
      { key: "subject", label: "Subject", type: "string", required: true },
      { key: "text", label: "Text", type: "string", help: { description: "The plain-text body." } },
      { key: "html", label: "HTML", type: "string", help: { description: "An HTML body (sent with the text one as its alternative, when both are given)." } },
      { key: "cc", label: "Cc", type: "any" },
      { key: "bcc", label: "Bcc", type: "any" },
      { key: "replyTo", label: "Reply to", type: "string" },
      { key: "from", label: "From", type: "string", help: { description: "The sender; the credential's From address when not given." } },
    ],
    additional: false,
  },
  process: async ({ credential, message, emit, logger }) => {
    const account = accountOfCredential(credential);
    const parsed = emailInputSchema.safeParse(message.body);
    if (!parsed.success) throw new StepError(`the email: ${parsed.error.issues.map((i) => i.message).join("; ")}`, { details: { issues: parsed.error.issues.map((i) => i.message) } });
    const email = parsed.data;
    // the sender: mapped, or the credential's From, or the mailbox it signs in as
    const from = email.from ?? account.from ?? account.username;
    if (email.text === undefined && email.html === undefined) throw new StepError("the email has no body: map Text or HTML");
    const transport = transportFor(account);
    try {
      const sent = await transport.sendMail({
        from,
        to: listOf(email.to),
        cc: listOf(email.cc),
        bcc: listOf(email.bcc),
        replyTo: email.replyTo,
        subject: email.subject,
        text: email.text,
        html: email.html,
        // the message's own id: a retried send carries the same Message-ID, so a receiver can drop a copy
        messageId: `<${message.id}@interflow>`,
      });
      logger.info("email sent", { accepted: sent.accepted.length, rejected: sent.rejected.length });
      emit.data({ messageId: sent.messageId, accepted: sent.accepted.map(String), rejected: sent.rejected.map(String), response: sent.response });
    } catch (error) {
      throw smtpError(error, account);
    } finally {
      transport.close();
    }
  },
});

export const emailComponent = defineComponent({
  name: "email",
  title: "Email",
  description: "Sends email through an SMTP server.",
  icon: "mail",
  help: { description: "Send notifications, reports and replies through your own mail server or a provider's SMTP relay.", link: "components/email" },
  credentials: [
    {
      authKind: "basic",
      title: "SMTP server",
      help: { description: "Your provider's SMTP settings: usually port 587 with STARTTLS, or 465 with TLS, and an app password rather than your own." },
      fields: mailCredentialFields({
        protocol: "SMTP",
        port: 587,
        portHelp: "587 for STARTTLS, 465 for TLS from the start; 25 between servers.",
        defaultSecurity: "starttls",
        security: SMTP_SECURITY.map((value) => ({ value, label: { starttls: "STARTTLS (port 587)", tls: "TLS from the start (port 465)", none: "None (a relay inside your network)" }[value] })),
        extra: [{ key: "from", label: "From", type: "text", placeholder: "Interflow <robot@example.com>", help: { description: "The sender of emails whose step does not map one." } }],
      }),
      // connects, says hello, starts TLS and signs in: what sending would do, without a message
      verify: async ({ fields }) => {
        const result = smtpAccountOf(fields);
        if (!result.ok) return { verified: false, message: result.message, field: result.field };
        const transport = transportFor(result.account);
        try {
          await transport.verify();
          return { verified: true };
        } catch (error) {
          const failure = smtpError(error, result.account);
          const field = failure.name === "AuthenticationError" ? "password" : /TLS/.test(failure.message) ? "security" : "host";
          return { verified: false, message: failure.message, field };
        } finally {
          transport.close();
        }
      },
    },
  ],
  functions: { send: sendEmail },
});
