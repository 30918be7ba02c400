import { expect, test } from "./fixtures";

test("each built-in component has a docs page that its help links open, with an anchor per function and field", async ({ page }) => {
  await page.goto("/docs");
  await expect(page.getByRole("heading", { name: "Components" })).toBeVisible();
  await page.getByRole("link", { name: "HTTP" }).click();
  await expect(page).toHaveURL(/\/docs\/components\/http$/);
  await expect(page.getByRole("heading", { name: "Send an HTTP request" })).toBeVisible();
  // the links components.list hands to the designer: /docs/components/http#url
  await page.goto("/docs/components/http#url");
  await expect(page.locator("#url")).toContainText("An absolute http:// or https:// URL");
  await expect(page.locator("#url")).toContainText("required");
  await page.goto("/docs/components/transform#map");
  await expect(page.locator("#expression")).toContainText("JSONata");
  const missing = await page.goto("/docs/components/nope");
  expect(missing?.status()).toBe(404);
});

test("a component with several functions sharing field names gives every field its own anchor", async ({ page }) => {
  for (const name of ["http", "postgres", "mysql", "csv", "xml"]) {
    await page.goto(`/docs/components/${name}`);
    const ids = await page.locator("main [id]").evaluateAll((elements) => elements.map((e) => e.id));
    expect(ids.length - new Set(ids).size, `${name}: ${ids.join(", ")}`).toBe(0);
  }
  // what an action takes from the message, field by field
  await page.goto("/docs/components/email#send");
  await expect(page.locator("#send-input")).toContainText("To · to");
  await expect(page.locator("#send-input")).toContainText("Subject · subject");
  await page.goto("/docs/components/http#poll-url");
  await expect(page.locator("#poll-url")).toContainText("The JSON endpoint to ask");
});

test("the REST API reference renders every operation from the OpenAPI document the API serves", async ({ page, request }) => {
  const served = await request.get("/api/v1/openapi.json");
  expect(served.status()).toBe(200);
  const document = (await served.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
  expect(document.openapi).toBe("3.1.0");
  const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
  expect(operations.length).toBeGreaterThan(10);

  await page.goto("/docs");
  await page.getByRole("link", { name: "REST API" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { name: "REST API", level: 1 })).toBeVisible();
  await expect(page.getByTestId("api-operation")).toHaveCount(operations.length);
  for (const tag of ["Flows", "Executions", "Failed messages", "Credentials"]) await expect(page.getByRole("heading", { name: tag, level: 2 })).toBeVisible();

  const start = page.locator("#startFlow");
  await expect(start).toContainText("/api/v1/flows/{id}/start");
  await expect(start).toContainText("Start a stopped flow");
  await start.getByText("curl", { exact: true }).click();
  await expect(start).toContainText('curl -X POST "$INTERFLOW_URL/api/v1/flows/$FLOW/start"');
  // a GET's query parameters with their types; a body as its fields
  const executions = page.locator("#listExecutions");
  await expect(executions.getByRole("row", { name: /limit\?/ })).toContainText("integer");
  await expect(page.locator("#retryFailedMessages")).toContainText("fromStep?: string");
  await expect(page.locator("#schema-FlowDocument")).toContainText('schema: "interflow/flow@1"');
  await page.locator("#startFlow").scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("api-reference.png") });
});
