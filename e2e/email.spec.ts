import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { expect, test } from "./fixtures";

const LIVE = { timeout: 30_000 };

interface Mail {
  to: string[];
  data: string;
}

/** A real SMTP server on loopback: STARTTLS on its self-signed certificate, one user. */
async function startSmtpServer() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    onAuth(auth, _session, callback) {
      if (auth.username === "shop" && auth.password === "mail-s3cret") return callback(null, { user: "shop" });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => {
        data += chunk.toString("utf8");
      });
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
    logger: false,
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  return { mails, port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("a person emails each order: webhook → Send email, the SMTP credential made in the designer (a wrong password refused at its field), fields mapped from the order", async ({
  page,
  cli,
  signInAsOwner,
  designerPage: designer,
}) => {
  test.setTimeout(240_000);
  const smtp = await startSmtpServer();
  try {
    await signInAsOwner();
    await designer.createWebhookFlow(`Order emails ${Date.now().toString(36)}`);
    await designer.addAfter("webhook", "Send email", "email");
    await expect(designer.panel).toContainText("Email: Send email");

    await designer.panel.getByTestId("new-credential-inline").click();
    const wizard = page.getByTestId("credential-wizard");
    await wizard.getByLabel("Name", { exact: true }).fill(`Shop mail ${Date.now().toString(36)}`);
    await wizard.getByLabel(/^Server/).fill("127.0.0.1");
    await wizard.getByLabel(/^Port/).fill(String(smtp.port));
    await wizard.getByLabel(/^User name/).fill("shop");
    await wizard.getByLabel(/^Password/).fill("not-the-password");
    await wizard.getByLabel(/^From/).fill("Shop <shop@example.com>");
    await wizard.getByLabel(/^Accept a self-signed certificate/).check();
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("field-error-password")).toContainText("refused the sign-in", LIVE);
    await wizard.getByLabel(/^Password/).fill("mail-s3cret");
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("credential-verified")).toBeVisible(LIVE);
    await wizard.getByTestId("credential-save").click();
    await expect(wizard).toBeHidden(LIVE);

    // the email's fields, mapped from the order: To, Subject, Text come first (the step declares them)
    await page.getByTestId("panel-tab-mapping").click();
    await designer.mappingValue(0).fill("customer.email");
    await designer.mappingValue(1).fill('"Order " & order.id & " received"');
    await designer.mappingValue(2).fill('"Thank you, " & customer.name & "."');
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText(/Published version/);
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);

    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    const posted = await page.request.post(webhookUrl, { data: { order: { id: "A-7" }, customer: { email: "ada@example.com", name: "Ada" } } });
    expect(posted.status()).toBe(202);
    await expect.poll(() => smtp.mails.length, LIVE).toBe(1);
    expect(smtp.mails[0]?.to).toEqual(["ada@example.com"]);
    expect(smtp.mails[0]?.data).toMatch(/^Subject: Order A-7 received\r$/m);
    expect(smtp.mails[0]?.data).toMatch(/^From: Shop <shop@example\.com>\r$/m);
    expect(smtp.mails[0]?.data).toContain("Thank you, Ada.");
  } finally {
    const flowId = /\/flows\/([^/]+)\/designer/.exec(page.url())?.[1];
    if (flowId) await cli.stopFlow(flowId).catch(() => {});
    await smtp.close();
  }
});
