import mysql from "mysql2/promise";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { startDovecot } from "../packages/components/src/imap/test-server";
import { startMariadb } from "../packages/components/src/mysql/test-server";
import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";

const LIVE = { timeout: 30_000 };

test("a person turns emails into MariaDB rows: an IMAP trigger and an upsert built in the designer, each email once, marked read after", async ({
  page,
  platform,
  signInAsOwner,
  designerPage: designer,
  flowDetailPage: detail,
}) => {
  test.setTimeout(240_000);
  const [imap, database] = await Promise.all([startDovecot(), startMariadb()]);
  const db = await mysql.createConnection(database.url);
  /** an email delivered into ada's inbox, as a mail server would */
  const deliver = async (subject: string, from: string) => {
    const built = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail({ from, to: "ada@example.com", subject, text: `${subject}, please.` });
    const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, doSTARTTLS: false, auth: { user: "ada", pass: "ada-secret" }, logger: false });
    await client.connect();
    await client.append("INBOX", built.message as Buffer);
    await client.logout();
  };
  try {
    await db.query("CREATE TABLE inquiries (message_id VARCHAR(250) PRIMARY KEY, sender VARCHAR(200) NOT NULL, subject TEXT, received_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))");
    await deliver("A quote for 40 chairs", "Grace Hopper <grace@example.com>");
    await deliver("Delivery to Berlin?", "Linus <linus@example.com>");

    await signInAsOwner();
    await designer.createFlow(`Inquiries by email ${Date.now().toString(36)}`);
    await designer.dragOntoCanvas("imap.new-messages", { x: 220, y: 300 });
    await expect(designer.step("imap")).toBeVisible();
    await designer.openStep("imap");
    // the form shows the settings a run uses: the fields' defaults
    await expect(designer.field("unseenOnly").getByRole("checkbox")).toBeChecked();
    await expect(designer.field("afterRead").getByRole("combobox")).toHaveValue("mark-read");

    // the mailbox's credential, made inline: a wrong password is refused at the field, the right one verified
    await expect(designer.field("mailbox")).toContainText("choose the step's credential first", LIVE);
    await designer.panel.getByTestId("new-credential-inline").click();
    const wizard = page.getByTestId("credential-wizard");
    await wizard.getByLabel("Name", { exact: true }).fill(`Sales inbox ${Date.now().toString(36)}`);
    await wizard.getByLabel(/^Server/).fill(imap.host);
    await wizard.getByLabel(/^Port/).fill(String(imap.port));
    await wizard.getByLabel(/^Security/).selectOption("none");
    await wizard.getByLabel(/^User name/).fill("ada");
    await wizard.getByLabel(/^Password/).fill("ada-secret");
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("credential-verified")).toBeVisible(LIVE);
    await wizard.getByTestId("credential-save").click();
    await expect(wizard).toBeHidden(LIVE);
    // the mailboxes come from the account
    const mailboxSelect = designer.field("mailbox").getByRole("combobox");
    await expect(mailboxSelect.locator("option")).toContainText(["INBOX", "Archive (archive)"], LIVE);
    await mailboxSelect.selectOption("INBOX");
    const schedule = designer.panel.getByTestId("schedule-settings");
    await schedule.getByLabel("Interval").fill("1h");
    await schedule.getByLabel("Interval").press("Enter");
    await designer.saved();
    await designer.panel.getByTestId("credential-picker").scrollIntoViewIfNeeded();
    await saveDocsScreenshot(page, platform, "designer-imap", { fullPage: false });

    // then MariaDB: a row per email, its id the email's Message-ID
    await designer.addAfter("imap", "MySQL insert or update", "mysql");
    await designer.panel.getByTestId("new-credential-inline").click();
    await wizard.getByLabel("Name", { exact: true }).fill(`CRM MariaDB ${Date.now().toString(36)}`);
    await wizard.getByLabel(/^Connection string/).fill(database.url);
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("credential-verified")).toBeVisible(LIVE);
    await wizard.getByTestId("credential-save").click();
    await expect(wizard).toBeHidden(LIVE);
    await expect(designer.field("table").getByRole("combobox").locator("option")).toHaveText(["—", "inquiries"], LIVE);
    await designer.field("table").getByRole("combobox").selectOption("inquiries");
    await designer.mapFields([
      ["message_id", "messageId"],
      ["sender", "from.address"],
      ["subject", "subject"],
    ]);
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText(/Published version \d+/);
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const flowId = new URL(page.url()).pathname.split("/")[2] ?? "";

    // the run at the start: both emails are rows
    const rows = async () => (await db.query("SELECT sender, subject FROM inquiries ORDER BY sender"))[0];
    await expect.poll(rows, LIVE).toEqual([
      { sender: "grace@example.com", subject: "A quote for 40 chairs" },
      { sender: "linus@example.com", subject: "Delivery to Berlin?" },
    ]);

    // a new email, then Run now: only it arrives; the two before are marked read now that the flow has them
    await deliver("Invoice address changed", "Ada <ada.customer@example.com>");
    await detail.goto(flowId);
    const polling = page.locator('section[aria-labelledby="polling-title"]');
    await polling.getByRole("button", { name: "Run now" }).click();
    await expect(polling.getByTestId("poll-last-run")).toContainText("1 message emitted (run now)", LIVE);
    await expect.poll(async () => ((await rows()) as unknown[]).length, LIVE).toBe(3);
    const seen = await (async () => {
      const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, doSTARTTLS: false, auth: { user: "ada", pass: "ada-secret" }, logger: false });
      await client.connect();
      const lock = await client.getMailboxLock("INBOX");
      try {
        return (await client.fetchAll("1:*", { envelope: true, flags: true })).map((m) => [m.envelope?.subject, m.flags?.has("\\Seen")]);
      } finally {
        lock.release();
        await client.logout();
      }
    })();
    expect(seen).toEqual([
      ["A quote for 40 chairs", true],
      ["Delivery to Berlin?", true],
      ["Invoice address changed", false],
    ]);
    expect(await page.content()).not.toContain("ada-secret");
    await detail.actionButton("Stop").click();
    await expect(detail.state).toHaveText(/Stopped/, LIVE);
  } finally {
    await db.end();
    await Promise.all([imap.stop(), database.stop()]);
  }
});
