import { type CredentialVerification, defineComponent, type OptionsFunction, StepError } from "@interflow/sdk";
import { IMAP_SECURITY, imapAccountOf, imapAccountOfCredential, imapError, withImap } from "./account";
import { mailCredentialFields } from "../email/smtp";
import { newMessages } from "./new-messages";

/** The account's mailboxes, for the mailbox to read and the one to move to. */
const mailboxes: OptionsFunction = async (ctx) => {
  if (!ctx.credential) throw new StepError("choose the step's credential first: the list comes from its mailboxes");
  const account = imapAccountOfCredential(ctx.credential);
  try {
    return await withImap(account, async (client) => (await client.list()).map((m) => ({ value: m.path, label: m.specialUse && m.specialUse !== "\\Inbox" ? `${m.path} (${m.specialUse.replace("\\", "").toLowerCase()})` : m.path })));
  } catch (error) {
    throw new StepError(imapError(error, account).message);
  }
};

/** Signs in and lists the mailboxes: what a run does before reading. */
async function verifyImap({ fields }: { fields: Record<string, unknown> }): Promise<CredentialVerification> {
  const result = imapAccountOf(fields);
  if (!result.ok) return { verified: false, message: result.message, field: result.field };
  try {
    await withImap(result.account, (client) => client.list());
    return { verified: true };
  } catch (error) {
    const failure = imapError(error, result.account);
    const field = failure.name === "AuthenticationError" ? "password" : /TLS/.test(failure.message) ? "security" : "host";
    return { verified: false, message: failure.message, field };
  }
}

export const imapComponent = defineComponent({
  name: "imap",
  title: "Email (IMAP)",
  description: "Reads a mailbox's new emails over IMAP.",
  icon: "mail",
  help: { description: "Start a flow with each email that arrives in a mailbox: orders by mail, support requests, reports sent by other systems.", link: "components/imap" },
  credentials: [
    {
      authKind: "basic",
      title: "IMAP mailbox",
      help: { description: "Your provider's IMAP settings: usually port 993 with TLS, and an app password rather than your own." },
      fields: mailCredentialFields({
        protocol: "IMAP",
        port: 993,
        portHelp: "993 for TLS, 143 for STARTTLS.",
        defaultSecurity: "tls",
        security: IMAP_SECURITY.map((value) => ({ value, label: { tls: "TLS from the start (port 993)", starttls: "STARTTLS (port 143)", none: "None (a server inside your network)" }[value] })),
      }),
      verify: verifyImap,
    },
  ],
  functions: { "new-messages": newMessages },
  options: { mailboxes },
});
