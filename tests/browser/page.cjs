// Opens an okr HTML page from disk in the system's Chromium (puppeteer-core,
// no browser download) and checks it as a reader's browser sees it. Run by
// tests/cli/browser.rs (and bench/html_page.sh for the load time):
//
//   node tests/browser/page.cjs EXPECTATIONS.json
//
// EXPECTATIONS names the modules directory (puppeteer-core and axe-core),
// the browser, the page, where to save the screenshot, and what the page must
// hold: {"modules", "chromium", "page", "screenshot", "teams", "key_results",
// "texts": [strings the page shows as text], "axe": true}. Prints one JSON
// line of what it measured; exits 1 with every failure listed.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { pathToFileURL } = require("url");

const expect = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const puppeteer = require(path.join(expect.modules, "node_modules", "puppeteer-core"));
const axeSource = fs.readFileSync(path.join(expect.modules, "node_modules", "axe-core", "axe.min.js"), "utf8");

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
}

async function main() {
  // A fresh profile, and nothing that reaches for the network on its own.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "okr-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: expect.chromium,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--user-data-dir=${profile}`,
    ],
  });
  const result = {};
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const url = pathToFileURL(path.resolve(expect.page)).href;
    const errors = [];
    const requests = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    page.on("request", (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    // A CSP violation is reported on the console too; this catches it even so.
    await page.evaluateOnNewDocument(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (event) => {
        window.__violations.push(`${event.violatedDirective}: ${event.blockedURI}`);
      });
    });
    const started = Date.now();
    await page.goto(url, { waitUntil: "load", timeout: 60000 });
    result.load_ms = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType("navigation");
      return Math.round(navigation.loadEventEnd - navigation.startTime);
    });
    result.wall_ms = Date.now() - started;
    const seen = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll("*"));
      return {
        violations: window.__violations,
        charts: document.querySelectorAll("svg.chart").length,
        krsWithoutChart: Array.from(document.querySelectorAll(".kr")).filter((kr) => !kr.querySelector("svg.chart > title")).length,
        chartsWithoutDesc: Array.from(document.querySelectorAll("svg.chart")).filter((svg) => !svg.querySelector("desc")).length,
        teams: document.querySelectorAll("section.team").length,
        tree: !!document.querySelector("#tree details"),
        treeLinks: Array.from(document.querySelectorAll("#tree a")).map((a) => a.getAttribute("href")),
        treeRoots: document.querySelectorAll("#tree > ul > li > details").length,
        brokenLinks: Array.from(document.querySelectorAll("a[href^='#']")).filter((a) => !document.getElementById(a.getAttribute("href").slice(1))).length,
        scripts: document.scripts.length,
        eventAttributes: all.filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith("on"))).length,
        foreignLinks: Array.from(document.querySelectorAll("[href], [src]")).map((e) => e.getAttribute("href") || e.getAttribute("src")).filter((h) => !h.startsWith("#") && h !== "data:,"),
        headings: document.querySelectorAll("h1").length,
        tags: Array.from(new Set(all.map((e) => e.localName))).sort(),
        text: document.body.textContent,
        svgText: Array.from(document.querySelectorAll("svg title")).map((t) => t.textContent).join("\n"),
        sortButtons: document.querySelectorAll("table.sortable th button.sort").length,
        sortableTables: document.querySelectorAll("table.sortable").length,
      };
    });
    check(errors.length === 0, `console errors: ${JSON.stringify(errors)}`);
    check(seen.violations.length === 0, `CSP violations: ${JSON.stringify(seen.violations)}`);
    check(requests.length === 0, `network requests: ${JSON.stringify(requests)}`);
    check(seen.charts === expect.key_results, `${seen.charts} charts for ${expect.key_results} key results`);
    check(seen.krsWithoutChart === 0, `${seen.krsWithoutChart} key results without a titled chart`);
    check(seen.chartsWithoutDesc === 0, `${seen.chartsWithoutDesc} charts without a <desc>`);
    check(seen.teams === expect.teams, `${seen.teams} team sections for ${expect.teams} teams`);
    if (expect.key_results > 0) {
      check(seen.tree, "no tree");
      // Every team once at the period's level, and again under each parent of an enclosing period it aligns to.
      check(new Set(seen.treeLinks.filter((h) => /^#team-\d+$/.test(h))).size === expect.teams, `tree links ${seen.treeLinks}`);
      // `null`: a page whose parents the caller does not know (the benchmark's).
      if (expect.tree_roots !== null) {
        check(seen.treeRoots === (expect.tree_roots || 0), `${seen.treeRoots} roots of enclosing periods in the tree`);
      }
    }
    check(seen.brokenLinks === 0, `${seen.brokenLinks} links to nothing`);
    check(seen.scripts === 1, `${seen.scripts} scripts, not the page's one`);
    check(seen.eventAttributes === 0, `${seen.eventAttributes} elements with an event attribute`);
    check(seen.foreignLinks.length === 0, `links or sources out of the page: ${seen.foreignLinks}`);
    check(seen.headings === 1, `${seen.headings} <h1>`);
    const allowed = (expect.allowed_tags || []);
    const extra = seen.tags.filter((t) => !allowed.includes(t));
    check(allowed.length === 0 || extra.length === 0, `elements okr does not write: ${extra}`);
    for (const text of expect.texts || []) {
      check(seen.text.includes(text) || seen.svgText.includes(text), `not shown as text: ${JSON.stringify(text)}`);
    }
    // The script ran: the tables' headers became sort buttons.
    check(seen.sortButtons >= seen.sortableTables, "the script did not run (no sort buttons)");
    // The filter keeps the teams whose heading holds what is typed.
    if (seen.teams > 1) {
      const shown = await page.evaluate(() => {
        const input = document.getElementById("team-filter");
        if (!input) return -1;
        input.value = document.querySelector("section.team bdi").textContent;
        input.dispatchEvent(new Event("input"));
        const visible = Array.from(document.querySelectorAll("section.team")).filter((t) => !t.hidden).length;
        input.value = "";
        input.dispatchEvent(new Event("input"));
        return visible;
      });
      check(shown >= 1 && shown < seen.teams, `the team filter kept ${shown} of ${seen.teams} teams`);
    }
    result.charts = seen.charts;
    result.teams = seen.teams;

    if (expect.screenshot) {
      await page.screenshot({ path: expect.screenshot, fullPage: false });
      result.screenshot = expect.screenshot;
      result.screenshot_colours = await colours(browser, fs.readFileSync(expect.screenshot).toString("base64"));
      check(result.screenshot_colours >= 8, `the screenshot looks blank (${result.screenshot_colours} colours)`);
    }

    if (expect.axe) {
      for (const scheme of ["light", "dark"]) {
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
        // DevTools' own evaluation is not the page's script: the page's
        // policy does not apply to it, and axe needs no network.
        const violations = await page.evaluate(async (source) => {
          // eslint-disable-next-line no-eval
          (0, eval)(source);
          const run = await window.axe.run(document, { resultTypes: ["violations"] });
          return run.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0] && v.nodes[0].target }));
        }, axeSource);
        const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        check(serious.length === 0, `axe (${scheme}): ${JSON.stringify(serious)}`);
        result[`axe_${scheme}`] = violations.map((v) => `${v.id}:${v.impact}`);
      }
    }

    // Printed: A4, a team per page, a chart never cut.
    await page.emulateMediaType("print");
    const print = await page.evaluate(() => ({
      teams: Array.from(document.querySelectorAll("section.team")).filter((t) => getComputedStyle(t).breakBefore === "page").length,
      charts: Array.from(document.querySelectorAll("svg.chart")).filter((c) => getComputedStyle(c).breakInside === "avoid").length,
    }));
    check(print.teams === seen.teams, `${print.teams} of ${seen.teams} teams start a printed page`);
    check(print.charts === seen.charts, `${print.charts} of ${seen.charts} charts kept whole in print`);
    await page.emulateMediaType("screen");

    // A phone's width: nothing wider than the screen.
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    await page.setViewport({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `${overflow}px wider than a phone`);

    // Without JavaScript the page is all there: the script only adds to it.
    const plain = await browser.newPage();
    await plain.setJavaScriptEnabled(false);
    await plain.goto(url, { waitUntil: "load", timeout: 60000 });
    const without = await plain.evaluate(() => ({
      charts: document.querySelectorAll("svg.chart").length,
      teams: document.querySelectorAll("section.team").length,
    }));
    check(without.charts === expect.key_results && without.teams === expect.teams, `without JavaScript: ${JSON.stringify(without)}`);
    await plain.close();
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result));
  if (failures.length > 0) {
    console.error(failures.map((f) => `FAIL ${f}`).join("\n"));
    process.exit(1);
  }
}

// How many distinct colours a PNG has (counted in a blank page's canvas):
// a blank or broken page is one or two.
async function colours(browser, pngBase64) {
  const blank = await browser.newPage();
  try {
    return await blank.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set();
      for (let i = 0; i < pixels.length && seen.size < 1000; i += 4 * 7) {
        seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
      }
      return seen.size;
    }, pngBase64);
  } finally {
    await blank.close();
  }
}

main().catch((error) => {
  console.error(`FAIL ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
