// The admin console in headless Chromium (Playwright, playwright-core driving /usr/bin/chromium).
// scripts/console-check.sh starts Dovecot and the edge, makes two checks of CONSOLE_USER (one
// through, one answered at the edge) and runs this with:
//   CONSOLE_URL         the page, http://127.0.0.1:PORT/console
//   CONSOLE_ADMIN       the admin server, http://127.0.0.1:PORT
//   CONSOLE_TOKEN       the admin token
//   CONSOLE_USER, CONSOLE_PASSWORD, CONSOLE_EDGE_PORT   the checks through the edge (curl)
//   CONSOLE_SCREENSHOT  where the full-page screenshot goes
//   CONSOLE_PROFILE     a fresh Chromium user-data-dir
//   CONSOLE_CHROMIUM    the browser (/usr/bin/chromium)
//   PLAYWRIGHT_DIR      the folder whose node_modules holds playwright-core
// Prints "console: <step>: ok|FAILED <detail>" per step; exit status 1 on any failure. A step that
// the later ones build on stops the run when it fails (the screenshot is still taken).
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";

const env = process.env;
for (const name of ["CONSOLE_URL", "CONSOLE_ADMIN", "CONSOLE_TOKEN", "CONSOLE_USER", "CONSOLE_PASSWORD", "CONSOLE_EDGE_PORT",
                    "CONSOLE_SCREENSHOT", "CONSOLE_PROFILE", "PLAYWRIGHT_DIR"]) {
  if (!env[name]) { console.error(`console-test.mjs: ${name} is not set`); process.exit(2); }
}
const { chromium } = createRequire(env.PLAYWRIGHT_DIR.replace(/\/?$/, "/"))("playwright-core");
const USER = env.CONSOLE_USER;
const WAIT = 10_000;

let failures = 0;
const line = (s) => String(s).replace(/\s+/g, " ").trim().slice(0, 600);
async function step(name, body) {
  try {
    await body();
    console.log(`console: ${name}: ok`);
    return true;
  } catch (e) {
    failures++;
    console.log(`console: ${name}: FAILED ${line(e && e.message ? e.message : e)}`);
    return false;
  }
}
function expect(condition, message) { if (!condition) throw new Error(message); }

// ---- the node, outside the browser ------------------------------------------------------------
async function admin(method, path, body) {
  const response = await fetch(env.CONSOLE_ADMIN + path, {
    method, headers: { Authorization: "Bearer " + env.CONSOLE_TOKEN, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data = null;
  try { data = JSON.parse(text); } catch { /* not JSON */ }
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${line(text).slice(0, 200)}`);
  return data;
}
const counters = async () => (await admin("GET", "/api/console/overview")).counters;
/** One check of the user through the edge: curl's LIST; returns the number of messages listed. */
function pop3Check() {
  const out = execFileSync("curl", ["-sS", "--max-time", "30", "-u", `${USER}:${env.CONSOLE_PASSWORD}`,
                                    `pop3://127.0.0.1:${env.CONSOLE_EDGE_PORT}/`], { encoding: "utf8" });
  return out.split("\n").filter((l) => l.trim()).length;
}
async function eventually(what, probe, ms = WAIT) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await probe(); if (last === true) return; } catch (e) { last = e.message; }
    if (Date.now() > deadline) throw new Error(`${what} (after ${ms / 1000} s: ${line(last)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---- the browser -------------------------------------------------------------------------------
const context = await chromium.launchPersistentContext(env.CONSOLE_PROFILE, {
  executablePath: env.CONSOLE_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
  timeout: 30_000,
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(WAIT);

let phase = "before the token";   // which error answers are expected
const problems = [];
page.on("pageerror", (e) => problems.push("script error: " + line(e.message)));
page.on("console", (m) => {
  if (m.type() === "error" && !/^Failed to load resource/.test(m.text())) problems.push("console error: " + line(m.text()));
});
page.on("response", (r) => {
  if (r.status() < 400) return;
  const what = `${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`;
  if (phase === "before the token" && r.status() === 401) return;
  if (phase === "invalid cron" && r.status() === 400 && what.startsWith("PUT /api/schedule ")) return;
  problems.push(`unexpected answer ${what} (${phase})`);
});
page.on("requestfailed", (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure() && r.failure().errorText}`));

const text = (selector) => page.locator(selector).textContent();
const statusLine = async () => ({ state: await page.getAttribute("#status", "data-state"), text: line(await text("#status")) });
async function waitStatus(re, what) {
  await eventually(what, async () => {
    const s = await statusLine();
    return (s.state === "ok" && re.test(s.text)) || `#status is ${s.state}: "${s.text}"`;
  });
}
async function waitTracked(want) {
  await eventually(`#user-result data-tracked="${want}" naming ${USER}`, async () => {
    const tracked = await page.getAttribute("#user-result", "data-tracked");
    const shown = await text("#user-result");
    return (tracked === want && shown.includes(USER)) || `data-tracked=${tracked}, text "${line(shown).slice(0, 120)}"`;
  });
}

async function run() {
  if (!await step("token form", async () => {
    await page.goto(env.CONSOLE_URL);
    await page.locator("#token-form").waitFor({ state: "visible" });
    expect(!/^\d+$/.test(await text("#counter-checks")), "the counters show numbers before the token was given");
    // a wrong token: refused, the form comes back
    await page.fill("#token", "wrong-" + env.CONSOLE_TOKEN);
    await page.click("#token-save");
    await page.locator("#token-form").waitFor({ state: "visible" });
    await eventually("the form says the token was refused", async () => /refused/i.test(await text("#token-reason")) ||
                     `#token-reason is "${line(await text("#token-reason"))}"`);
    await page.fill("#token", env.CONSOLE_TOKEN);
    phase = "after the token";
    await page.click("#token-save");
    await page.locator("#token-form").waitFor({ state: "hidden" });
  })) return;

  if (!await step("counters", async () => {
    await eventually("#counter-answeredAtEdge >= 1", async () => {
      const t = await text("#counter-answeredAtEdge");
      return (/^\d+$/.test(t) && +t >= 1) || `#counter-answeredAtEdge is "${t}"`;
    });
    const c = await counters();
    for (const key of ["checks", "answeredAtEdge", "passedThrough"]) {
      const shown = await text("#counter-" + key);
      expect(shown === String(c[key]), `#counter-${key} shows "${shown}", the overview says ${c[key]}`);
    }
  })) return;

  await step("chart", async () => {
    const history = (await admin("GET", "/api/console/overview")).history;
    for (const series of ["answeredAtEdge", "passedThrough"]) {
      const points = await page.getAttribute(`#history-chart polyline[data-series="${series}"]`, "points");
      const n = points ? points.trim().split(/\s+/).length : 0;
      expect(n === history.length, `the ${series} line has ${n} points, the overview's history ${history.length}`);
    }
    const chart = await text("#history-chart");
    for (const words of ["answered at the edge", "passed to the central server", "checks per minute", "minute (UTC)"]) {
      expect(chart.includes(words), `the chart has no "${words}"`);
    }
  });

  await step("busiest", async () => {
    await eventually(`#busiest lists ${USER}`, async () => {
      const rows = await page.locator("#busiest tbody tr").allTextContents();
      return rows.some((r) => r.includes(USER)) || `rows: ${line(rows.join(" | ")).slice(0, 200)}`;
    });
  });

  if (!await step("lookup", async () => {
    await page.fill("#lookup-user", USER);
    await page.click("#lookup-button");
    await waitTracked("true");
  })) return;

  if (!await step("unthrottle", async () => {
    await page.click("#unthrottle-button");
    await waitStatus(/unthrottled/i, "#status reports the unthrottle");
    const s = await statusLine();
    expect(!/not throttled|failed/i.test(s.text), `#status says "${s.text}"`);
    await page.click("#lookup-button");
    await waitTracked("false");
  })) return;

  let after;
  if (!await step("third check goes through", async () => {
    const before = await counters();
    const listed = pop3Check();
    after = await counters();
    expect(listed === 3, `curl listed ${listed} messages, want 3`);
    expect(after.passedThrough === before.passedThrough + 1 && after.answeredAtEdge === before.answeredAtEdge,
           `passedThrough ${before.passedThrough} -> ${after.passedThrough} (want +1), ` +
           `answeredAtEdge ${before.answeredAtEdge} -> ${after.answeredAtEdge} (want +0)`);
  })) return;

  await step("reload", async () => {
    await page.reload();
    await eventually(`#counter-passedThrough shows ${after.passedThrough}`, async () => {
      const t = await text("#counter-passedThrough");
      return t === String(after.passedThrough) || `#counter-passedThrough is "${t}"`;
    });
    expect(await page.locator("#token-form").isHidden(), "the token form is back after a reload (the token is kept for the tab)");
  });

  await step("busiest click", async () => {
    await page.locator(`#busiest button[data-user="${USER}"]`).click();
    expect(await page.inputValue("#lookup-user") === USER, "the click did not fill #lookup-user");
    await waitTracked("true");   // tracked again: the third check went through
  });

  await step("prefetch and evict", async () => {
    await page.click("#prefetch-user-button");
    await waitStatus(/prefetch requested/i, "#status reports the prefetch");
    await eventually(`the cache holds ${USER}'s 3 messages`, async () => {
      const u = await admin("GET", "/api/users/lookup?user=" + encodeURIComponent(USER));
      return (u.cache && u.cache.messages === 3) || `lookup cache: ${JSON.stringify(u.cache)}`;
    }, 30_000);
    await page.click("#evict-button");
    await waitStatus(/evicted/i, "#status reports the eviction");
    const s = await statusLine();
    expect(/\b3 cached messages evicted/.test(s.text), `#status says "${s.text}", want 3 messages evicted`);
    const u = await admin("GET", "/api/users/lookup?user=" + encodeURIComponent(USER));
    expect(!u.cache || u.cache.messages === 0, `the cache still holds ${JSON.stringify(u.cache)}`);
  });

  await step("schedule", async () => {
    phase = "invalid cron";
    await page.fill("#schedule-cron", "every night");
    await page.fill("#schedule-max-duration", "2h");
    await page.click("#schedule-save");
    await eventually("#status shows the API's error", async () => {
      const s = await statusLine();
      return (s.state === "error" && /schedule/i.test(s.text) && s.text.length > 30) || `#status is ${s.state}: "${s.text}"`;
    });
    const refused = await fetch(env.CONSOLE_ADMIN + "/api/schedule", {
      method: "PUT", headers: { Authorization: "Bearer " + env.CONSOLE_TOKEN, "Content-Type": "application/json" },
      body: JSON.stringify({ cron: "every night", maxDuration: "2h" }) }).then((r) => r.json());
    const s = await statusLine();
    expect(refused.error && s.text.includes(line(refused.error)), `#status "${s.text}" does not show the API's error "${refused.error}"`);
    phase = "after the token";
    await page.fill("#schedule-cron", "0 0 3 * * ?");
    await page.fill("#schedule-max-duration", "2h");
    await page.click("#schedule-save");
    await waitStatus(/schedule saved/i, "#status reports the saved schedule");
    let sc = await admin("GET", "/api/schedule");
    expect(sc.cron === "0 0 3 * * ?" && sc.maxDuration === "PT2H", `the schedule is ${JSON.stringify(sc)}`);
    await page.click("#schedule-pause");
    await waitStatus(/paused/i, "#status reports the pause");
    sc = await admin("GET", "/api/schedule");
    expect(sc.paused === true, `after Pause the schedule is ${JSON.stringify(sc)}`);
    await page.click("#schedule-resume");
    await waitStatus(/resumed/i, "#status reports the resume");
    sc = await admin("GET", "/api/schedule");
    expect(sc.paused === false, `after Resume the schedule is ${JSON.stringify(sc)}`);
    await page.click("#prefetch-run-button");
    await waitStatus(/prefetch requested/i, "#status reports the prefetch of all users");
  });
}

try {
  await run();
  await step("no script errors", async () => {
    await page.waitForTimeout(2500);   // one more overview poll
    expect(problems.length === 0, problems.slice(0, 5).join("; "));
  });
} finally {
  await step("screenshot", async () => {
    await page.mouse.move(0, 0);   // no hover highlight in the picture
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: env.CONSOLE_SCREENSHOT, fullPage: true });
  });
  await context.close();
}
process.exit(failures ? 1 : 0);
