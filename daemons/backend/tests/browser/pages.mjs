// The pages in a real browser: Debian's chromium, headless, driven by
// playwright-core. Run by daemons/backend/tests/it/browser.rs with a daemon
// on loopback, seeded; talks to it over stdin/stdout:
//   argv: BASE_URL CRATE VERSION JOB SCREENSHOT_DIR
//   prints "following" once the job page follows its live log, then waits
//   for one stdin line ("appended": the test appended lines) and checks
//   that they appear, as text. Exits non-zero, saying why, on any failure.
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";

const [base, crate, version, job, shots] = process.argv.slice(2);
const hostile = "<script>window.pwned = 1</script>";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const failures = [];
const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
// A policy violation or a script error is a failure of the page.
page.on("console", (message) => {
  if (message.type() === "error") failures.push(`console: ${message.text()}`);
});
page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
page.on("response", (response) => {
  if (response.status() >= 400) failures.push(`${response.status()} for ${response.url()}`);
});

async function visit(path, heading, shot) {
  const response = await page.goto(base + path);
  if (response.status() !== 200) throw new Error(`${path}: status ${response.status()}`);
  const h1 = await page.locator("h1").first().textContent();
  if (!h1.includes(heading)) throw new Error(`${path}: heading ${JSON.stringify(h1)} lacks ${heading}`);
  await page.screenshot({ path: `${shots}/${shot}.png`, fullPage: false });
}

try {
  await visit(`/?q=${crate.slice(0, 3)}`, "Builds of every crate", "front");
  await visit(`/crates/${crate}`, crate, "crate");
  await visit(`/crates/${crate}/${version}`, version, "version");
  await visit("/status", "Status", "status");
  await visit(`/jobs/${job}`, `Job #${job}`, "job");
  await page.waitForFunction(() => document.getElementById("log").dataset.live === "true");
  console.log("following");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === "appended") break;
  // The appended lines arrive over the live stream, as text.
  await page.locator("#log .line", { hasText: "appended after the page opened" }).waitFor({ timeout: 10000 });
  await page.locator("#log .line", { hasText: hostile }).waitFor({ timeout: 10000 });
  if (await page.evaluate(() => window.pwned !== undefined)) failures.push("a log line ran as script");
  const scripts = await page.locator("#log script").count();
  if (scripts !== 0) failures.push(`${scripts} script elements inside the log`);
  await page.screenshot({ path: `${shots}/job-live.png` });
} catch (error) {
  failures.push(error.message);
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("ok");
