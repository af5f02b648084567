// The console's Docs pages: the same files as docs/, rendered, with links
// between topics kept inside the console, and no name outside the list of
// topics ever read.
import { expect, test } from "@playwright/test";
import { expectAccessible, SIGNED_IN, SIGNED_OUT } from "./support";

test.describe("a member", () => {
  test.use({ storageState: SIGNED_IN.member });

  test("opens the Docs from the navigation, follows a topic and a link between topics", async ({ page }) => {
    await page.goto("/calls");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Docs", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Docs" })).toBeVisible();
    const topics = page.getByRole("list", { name: "Topics" });
    await expect(topics.getByRole("link", { name: /^API reference/ })).toHaveAttribute("href", "/docs/api");
    // Each topic shows its first paragraph.
    const monitors = topics.getByRole("link", { name: /^Monitors and alerts/ });
    await expect(monitors).toContainText("A monitor watches one figure over a trailing window");
    await expectAccessible(page);

    await monitors.click();
    await expect(page).toHaveURL(/\/docs\/monitors$/);
    await expect(page.getByRole("heading", { level: 1, name: "Monitors and alerts" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Docs", exact: true })).toHaveAttribute("aria-current", "page");
    // The docs' code blocks are there as written.
    await expect(page.locator("pre").filter({ hasText: "function verifyCallscope" })).toBeVisible();
    await expectAccessible(page);

    // security.md#outbound-requests in the file is a console address here, and lands on the heading.
    const outbound = page.getByRole("link", { name: "Outbound requests" });
    await expect(outbound).toHaveAttribute("href", "/docs/security#outbound-requests");
    await outbound.click();
    await expect(page).toHaveURL(/\/docs\/security#outbound-requests$/);
    const heading = page.getByRole("heading", { level: 2, name: "Outbound requests" });
    await expect(heading).toHaveAttribute("id", "outbound-requests");
    await expect(heading).toBeInViewport();

    await page.getByRole("link", { name: "← Docs" }).click();
    await expect(page).toHaveURL(/\/docs$/);
  });

  test("shows the docs' screenshots, and files of the repository as text", async ({ page }) => {
    await page.goto("/docs/problems");
    const image = page.getByRole("img", { name: /^The Problems page/ });
    await expect(image).toHaveAttribute("src", "/docs-assets/problems.png");
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await page.goto("/docs/performance");
    await expect(page.locator("article")).toContainText("bench/README.md");
    await expect(page.locator("article a[href*='README']")).toHaveCount(0);
  });
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the Docs and a topic with wide tables fit the screen", async ({ page }) => {
    for (const path of ["/docs", "/docs/configuration", "/docs/architecture"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sideways, path).toBeLessThanOrEqual(0);
    }
  });
});

test("a name that is not a topic or an image of the docs is not found, and nothing outside docs/ is read", async ({ page }) => {
  for (const path of [
    "/docs/..%2F..%2Fetc%2Fpasswd",
    "/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/docs/..%2FREADME",
    "/docs/README",
    "/docs/monitors.md",
    "/docs/no-such-topic",
    "/docs-assets/..%2Fpackage.json",
    "/docs-assets/..%2F..%2Fetc%2Fpasswd",
    "/docs-assets/monitors.md",
    "/docs-assets/no-such-image.png",
  ]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toMatch(/root:|"name": "callscope"|# Monitors/);
  }
  const image = await page.request.get("/docs-assets/problems.png");
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
});

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("the Docs and their images are behind sign-in, like every page", async ({ page }) => {
    for (const path of ["/docs", "/docs/monitors", "/docs-assets/problems.png"]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers()["location"], path).toMatch(/\/sign-in\?next=/);
    }
  });
});
