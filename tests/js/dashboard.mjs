// The dashboard in a real browser (Debian's Chromium, driven by playwright-core), for
// tests/tests/e2e/demo/dashboard.rs:
//   node dashboard.mjs <ws url, unused> <dashboard url> <screenshot path>
// Loads the page, reads the metagraph table as shown (sorted by incentive), checks both plots
// drew their lines, waits for the next epoch to arrive without a reload, sorts by UID with a
// click, writes a screenshot, and prints a JSON report on its last line.
import { chromium } from 'playwright-core';

const [, , , url, screenshot] = process.argv;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const report = {};
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForSelector('#metagraph tbody tr', { timeout: 30000 });
  const rows = () => page.$$eval('#metagraph tbody tr', (trs) => trs.map((tr) => ({
    uid: Number(tr.dataset.uid),
    cells: [...tr.cells].map((c) => c.textContent),
  })));
  report.rows = await rows();
  report.sortedBy = await page.$eval('#metagraph th.sorted-desc, #metagraph th.sorted-asc', (th) => th.dataset.key + ':' + th.className);
  report.subnets = await page.$$eval('#subnets tbody tr', (trs) => trs.length);
  report.plots = await page.$$eval('svg path.series', (paths) => paths.map((p) => ({
    plot: p.ownerSVGElement.id, uid: Number(p.dataset.uid), points: (p.getAttribute('d').match(/[ML]/g) ?? []).length,
  })));
  // A marker that a reload would wipe.
  await page.evaluate(() => { window.__notReloaded = true; });
  const firstEpoch = Number(await page.$eval('#epoch', (e) => e.dataset.epoch));
  report.firstEpoch = firstEpoch;
  await page.waitForFunction((first) => Number(document.getElementById('epoch').dataset.epoch) > first,
    firstEpoch, { timeout: 90000 });
  report.nextEpoch = Number(await page.$eval('#epoch', (e) => e.dataset.epoch));
  report.reloaded = !(await page.evaluate(() => window.__notReloaded === true));
  report.live = await page.$eval('#live', (e) => e.textContent);
  // Sorting by a click, then the neuron's history by another.
  await page.click('#metagraph th[data-key="uid"]');
  report.byUid = (await rows()).map((r) => r.uid);
  await page.click('#metagraph tbody tr:first-child');
  report.history = await page.$$eval('#neuron tbody tr', (trs) => trs.length);
  report.offsite = requests.filter((r) => !r.startsWith(url.replace(/\/$/, ''))).length;
  report.errors = errors;
  await page.screenshot({ path: screenshot, fullPage: true });
  report.screenshot = screenshot;
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
