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
  for (const name of ["http", "postgres"]) {
    await page.goto(`/docs/components/${name}`);
    const ids = await page.locator("main [id]").evaluateAll((elements) => elements.map((e) => e.id));
    expect(ids.length - new Set(ids).size, `${name}: ${ids.join(", ")}`).toBe(0);
  }
  await page.goto("/docs/components/http#poll-url");
  await expect(page.locator("#poll-url")).toContainText("The JSON endpoint to ask");
});
