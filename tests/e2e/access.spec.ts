import { expect, test } from "@playwright/test";
import { TEST_MEMBER } from "../support/stack";
import { baseUrl, expectAccessible, SIGNED_IN, SIGNED_OUT, signIn, uniqueId } from "./support";

const PAGES = [
  "/",
  "/calls",
  "/calls/MZsomecall",
  "/calls/MZsomecall/recording",
  "/calls/MZsomecall/transcript?format=txt",
  "/exports/transcripts",
  "/deployments",
  "/deployments/dep_some",
  "/agents",
  "/latency",
  "/docs/api",
  "/settings",
  "/settings/webhooks",
  "/settings/api-keys",
  "/settings/users",
  "/settings/sync",
];

/** `next` values that a naive check lets through and a browser resolves to another host. */
const HOSTILE_NEXT = [
  "/.//evil.example",
  "/..//evil.example",
  "/%2e%2e//evil.example",
  "/a/..//evil.example/x",
  "/./\\evil.example",
  "/\\evil.example",
  "/\t/evil.example",
  "https://evil.example/",
];

const READ_APIS = [
  "/api/v1/calls",
  "/api/v1/calls/MZsomecall",
  "/api/v1/calls/MZsomecall/transcript",
  "/api/v1/calls/MZsomecall/recording",
  "/api/v1/transcripts",
  "/api/v1/events",
  "/api/v1/agents",
  "/api/v1/deployments",
  "/api/v1/deployments/dep_some",
  "/api/v1/keys",
  "/api/v1/users",
  "/api/v1/sync/some-sync",
];

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("every page sends an unauthenticated visitor to sign-in, and back after it", async ({ page }) => {
    for (const path of PAGES) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/sign-in(\?|$)/);
      if (path !== "/") expect(new URL(page.url()).searchParams.get("next"), path).toBe(path);
    }
    await page.goto("/agents");
    await page.getByLabel("Email").fill(TEST_MEMBER.email);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
    await expectAccessible(page);
    await page.getByLabel("Password").fill(TEST_MEMBER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseUrl()}/agents`);
    await expect(page.getByRole("heading", { name: "Agents" })).toBeVisible();
  });

  test("every read API answers 401 with a JSON error", async ({ request }) => {
    for (const path of READ_APIS) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(401);
      expect((await response.json()).error.code, path).toBe("unauthorized");
    }
  });

  test("sign-in never sends anyone to another site", async ({ page }) => {
    await signIn(page, TEST_MEMBER, baseUrl());
    await page.goto("/sign-in?next=//attacker.example/x");
    await expect(page).toHaveURL(`${baseUrl()}/`);
    // Already signed in: the page redirects at once, for every form a browser would normalise off the site.
    for (const next of HOSTILE_NEXT) {
      await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(new URL(page.url()).origin, next).toBe(baseUrl());
    }
  });

  test("signing in with a hostile next lands on this site", async ({ browser }) => {
    for (const [i, next] of ["/.//evil.example", "/..//evil.example", "/%2e%2e//evil.example", "/./\\evil.example"].entries()) {
      // Its own address for the sign-in rate limit, so that these attempts cost no other test its own.
      const context = await browser.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${90 + i}` } });
      const page = await context.newPage();
      await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(TEST_MEMBER.email);
      await page.getByLabel("Password").fill(TEST_MEMBER.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
      expect(new URL(page.url()).origin, next).toBe(baseUrl());
      expect(new URL(page.url()).pathname, next).toBe("/");
      await context.close();
    }
  });
});

test.describe("a member", () => {
  test.use({ storageState: SIGNED_OUT });

  test("browses, cannot open admin pages, and signs out", async ({ page }) => {
    await signIn(page, TEST_MEMBER);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Calls" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
    await expect(page.getByText(`${TEST_MEMBER.email} · member`)).toBeVisible();
    for (const path of ["/settings/webhooks", "/settings/api-keys", "/settings/users", "/settings/sync"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
    }
    await page.goto("/calls");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/calls");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcalls/);
  });
});

test.describe("an admin", () => {
  test.use({ storageState: SIGNED_IN.admin });

  test("adds a user whose password is shown once, and removes them", async ({ page, browser }) => {
    await page.goto("/settings/users");
    const email = `${uniqueId("new")}@example.com`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role").selectOption("member");
    await page.getByRole("button", { name: "Add user" }).click();
    const password = (await page.getByTestId("shown-once").textContent())!.trim();
    await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();
    await expectAccessible(page);

    const context = await browser.newContext({ storageState: SIGNED_OUT });
    const other = await context.newPage();
    await signIn(other, { email, password });
    await expect(other.getByRole("navigation", { name: "Main" })).toBeVisible();
    await context.close();

    await page.getByRole("button", { name: `Remove ${email}` }).click();
    await expect(page.getByRole("cell", { name: email, exact: true })).toHaveCount(0);
  });
});
