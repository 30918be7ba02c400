import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";
import { TargetDatabase } from "./support/target-database";

const LIVE = { timeout: 30_000 };

test("a person writes webhook orders into a PostgreSQL table chosen from the database's own list", async ({ page, platform, signInAsOwner, designerPage: designer }) => {
  test.setTimeout(240_000);
  const target = await TargetDatabase.create(platform.databaseUrl);
  try {
    await target.query("CREATE TABLE orders (order_no text PRIMARY KEY, total numeric NOT NULL, customer text); CREATE TABLE audit_log (at timestamptz, what text)");
    await signInAsOwner();
    await designer.createWebhookFlow(`Orders into PostgreSQL ${Date.now().toString(36)}`);
    await designer.addAfter("webhook", "insert or update", "postgres");
    await expect(designer.panel).toContainText("PostgreSQL: Insert or update a row");

    // Without a credential the table list says what to do first.
    const table = designer.field("table");
    await expect(table).toContainText("choose the step's credential first", LIVE);

    // A credential made inline: a wrong password is refused at the field, the right one verified.
    await designer.panel.getByTestId("new-credential-inline").click();
    const wizard = page.getByTestId("credential-wizard");
    await wizard.getByLabel("Name", { exact: true }).fill(`Shop DB ${Date.now().toString(36)}`);
    const wrong = new URL(target.url);
    wrong.password = "not-the-password";
    await wizard.getByLabel(/^Connection string/).fill(wrong.toString());
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("field-error-connectionString")).toContainText("password authentication failed", LIVE);
    await wizard.getByLabel(/^Connection string/).fill(target.url);
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("credential-verified")).toBeVisible(LIVE);
    await wizard.getByTestId("credential-save").click();
    await expect(wizard).toBeHidden(LIVE);
    await expect(designer.panel.getByTestId("credential-picker").getByTestId("credential-status")).toHaveAttribute("data-status", "verified");

    // The tables come from the database (the worker asks it with the step's credential).
    const tableSelect = table.getByRole("combobox");
    await expect(tableSelect.locator("option")).toHaveText(["—", "audit_log", "orders"], LIVE);
    await tableSelect.selectOption("orders");
    // …and the columns of the chosen table, for the key.
    const keySelect = designer.field("keyColumn").getByRole("combobox");
    await expect(keySelect.locator("option")).toHaveText(["—", "order_no (text, primary key)", "total (numeric)", "customer (text)"], LIVE);
    await keySelect.selectOption("order_no");
    // a table made after the list was loaded appears on Reload
    await target.query("CREATE TABLE refunds (id int PRIMARY KEY)");
    await table.getByRole("button", { name: "Reload" }).click();
    await expect(tableSelect.locator("option")).toHaveText(["—", "audit_log", "orders", "refunds"], LIVE);
    await expect(tableSelect).toHaveValue("orders");
    await designer.saved();
    await expect(designer.fieldError("table")).toBeHidden();
    await saveDocsScreenshot(page, platform, "designer-postgres", { fullPage: false });

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

    // Two orders, then a change of the first (once the first two are in, so the change comes last): one row per order.
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    const post = async (body: unknown) => {
      const posted = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(posted.status).toBe(202);
    };
    const orders = () => target.query("SELECT order_no, total::float AS total, customer FROM orders ORDER BY order_no");
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
    expect(await page.content()).not.toContain(new URL(target.url).password);
    await designer.toolbar.getByTestId("flow-stop").click();
    await expect(designer.state).toHaveText(/Stopped/, LIVE);
  } finally {
    await target.drop();
  }
});
