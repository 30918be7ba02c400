import mysql from "mysql2/promise";
import { startMariadb } from "../packages/components/src/mysql/test-server";
import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";

const LIVE = { timeout: 30_000 };

test("a person writes webhook orders into a MariaDB table chosen from the database's own list", async ({ page, platform, signInAsOwner, designerPage: designer }) => {
  test.setTimeout(240_000);
  const server = await startMariadb();
  const db = await mysql.createConnection(server.url);
  try {
    await db.query("CREATE TABLE orders (order_no VARCHAR(20) PRIMARY KEY, total DECIMAL(10,2) NOT NULL, customer VARCHAR(200))");
    await db.query("CREATE TABLE audit_log (at TIMESTAMP NULL, what TEXT)");
    await signInAsOwner();
    await designer.createWebhookFlow(`Orders into MariaDB ${Date.now().toString(36)}`);
    await designer.addAfter("webhook", "MySQL insert or update", "mysql");
    await expect(designer.panel).toContainText("MySQL / MariaDB: Insert or update a row");

    // Without a credential the table list says what to do first.
    const table = designer.field("table");
    await expect(table).toContainText("choose the step's credential first", LIVE);

    // A credential made inline: a wrong password is refused at the field, the right one verified.
    await designer.panel.getByTestId("new-credential-inline").click();
    const wizard = page.getByTestId("credential-wizard");
    await wizard.getByLabel("Name", { exact: true }).fill(`Shop MariaDB ${Date.now().toString(36)}`);
    await wizard.getByLabel(/^Connection string/).fill(server.url.replace("interflow-secret", "not-the-password"));
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("field-error-connectionString")).toContainText("refused the user: Access denied for user 'interflow'", LIVE);
    await wizard.getByLabel(/^Connection string/).fill(server.url);
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("credential-verified")).toBeVisible(LIVE);
    await wizard.getByTestId("credential-save").click();
    await expect(wizard).toBeHidden(LIVE);
    await expect(designer.panel.getByTestId("credential-picker").getByTestId("credential-status")).toHaveAttribute("data-status", "verified");

    // The tables come from the database (the worker asks it with the step's credential), then the chosen table's columns.
    const tableSelect = table.getByRole("combobox");
    await expect(tableSelect.locator("option")).toHaveText(["—", "audit_log", "orders"], LIVE);
    await tableSelect.selectOption("orders");
    const keySelect = designer.field("keyColumn").getByRole("combobox");
    await expect(keySelect.locator("option")).toHaveText(["—", "order_no (varchar(20), primary key)", "total (decimal(10,2))", "customer (varchar(200))"], LIVE);
    await designer.saved();
    await expect(designer.fieldError("table")).toBeHidden();
    await saveDocsScreenshot(page, platform, "designer-mysql", { fullPage: false });

    // The columns mapped from the webhook's message.
    await designer.mapFields([
      ["order_no", "order.id"],
      ["total", "order.total"],
      ["customer", "$lowercase(customer.email)"],
    ]);
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText("Published version 2");
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);

    // Two orders, then a change of the first (once the first two are in): one row per order.
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    const post = async (body: unknown) => {
      const posted = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(posted.status).toBe(202);
    };
    const orders = async () => (await db.query("SELECT order_no, CAST(total AS DOUBLE) AS total, customer FROM orders ORDER BY order_no"))[0];
    await post({ order: { id: "A-1", total: 10 }, customer: { email: "Ada@Example.com" } });
    await post({ order: { id: "A-2", total: 7.5 }, customer: { email: "linus@example.com" } });
    await expect.poll(orders, LIVE).toEqual([
      { order_no: "A-1", total: 10, customer: "ada@example.com" },
      { order_no: "A-2", total: 7.5, customer: "linus@example.com" },
    ]);
    await post({ order: { id: "A-1", total: 12 }, customer: { email: "Ada@Example.com" } });
    await expect.poll(orders, LIVE).toEqual([
      { order_no: "A-1", total: 12, customer: "ada@example.com" },
      { order_no: "A-2", total: 7.5, customer: "linus@example.com" },
    ]);
    expect(await page.content()).not.toContain("interflow-secret");
    await designer.toolbar.getByTestId("flow-stop").click();
    await expect(designer.state).toHaveText(/Stopped/, LIVE);
  } finally {
    await db.end();
    await server.stop();
  }
});
