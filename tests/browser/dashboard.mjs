// Drives the dyad dashboard in headless chromium.
//
//   node dashboard.mjs BASE_URL SCREENSHOT_DIR
//
// BASE_URL is a running `dyad serve --allow-code` over a database made by
// `dyad ingest` on news/*.txt. Exits non-zero, with a message, on the first
// failed check. CHROMIUM overrides the browser's path.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node dashboard.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

function check(cond, msg) {
  if (!cond) throw new Error('check failed: ' + msg);
  console.log('ok -', msg);
}

// launch() gives the browser a fresh, empty profile of its own.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // 1. The network shows the actors of our stories.
  await page.goto(base + '/#network');
  await page.waitForSelector('#network .node', { timeout: 15000 });
  const nodes = await page.$$eval('#network .node', (els) => els.map((e) => e.dataset.key));
  for (const k of ['CHL', 'PER']) check(nodes.includes(k), `network shows ${k} (nodes: ${nodes.join(' ')})`);
  const edges = await page.$$eval('#network .edge', (els) => els.map((e) => `${e.dataset.source}>${e.dataset.target}`));
  check(edges.includes('CHL>PER'), `network has the edge CHL>PER (edges: ${edges.join(' ')})`);
  await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });

  // 2. Clicking an edge lists its events; a row opens the sentence marked.
  await page.locator('#network .edge[data-source="CHL"][data-target="PER"]').dispatchEvent('click');
  await page.waitForSelector('#network-events tr.row', { timeout: 10000 });
  const rows = await page.$$eval('#network-events tr.row', (els) => els.map((e) => e.textContent));
  check(rows.length > 0 && rows.every((r) => r.includes('CHL') && r.includes('PER')), `edge lists its events (${rows.length})`);
  await page.locator('#network-events tr.row').first().click();
  await page.waitForSelector('#network-events .mark-verb', { timeout: 10000 });
  const verb = await page.textContent('#network-events .mark-verb');
  const src = await page.textContent('#network-events .mark-source');
  const tgt = await page.textContent('#network-events .mark-target');
  check(verb.trim() === 'condemned' && src.trim() === 'Chile' && tgt.trim() === 'Peru',
    `event sentence marked: source ${src}, verb ${verb}, target ${tgt}`);
  await page.screenshot({ path: join(shots, 'edge-events.png'), fullPage: true });

  // 3. The timeline draws bars for a dyad.
  await page.goto(base + '/#timeline');
  await page.waitForSelector('#timeline .bar', { timeout: 10000 });
  check((await page.$$('#timeline .bar')).length > 0, 'timeline draws bars');

  // 4. The code page codes a pasted paragraph and explains a sentence.
  await page.goto(base + '/#code');
  await page.fill('#code-form textarea', 'Ecuador condemned Colombia on Friday over a raid near the border, officials in Quito said.');
  await page.fill('#code-form input[name=date]', '2025-05-02');
  await page.click('#code-form button[type=submit]');
  await page.waitForSelector('#code-result .event-card', { timeout: 20000 });
  const card = await page.textContent('#code-result .event-card');
  check(card.includes('ECU') && card.includes('COL'), `pasted paragraph coded: ${card.slice(0, 80)}`);
  check((await page.textContent('#code-result .event-card .mark-verb')).trim() === 'condemned', 'verb marked in the coded sentence');
  await page.locator('#code-result .event-card button.explain').first().click();
  await page.waitForSelector('#code-result pre.explain', { timeout: 20000 });
  check((await page.textContent('#code-result pre.explain')).includes('# patterns'), 'explain shows the patterns');
  await page.screenshot({ path: join(shots, 'code.png'), fullPage: true });

  check(errors.length === 0, `no errors in the page console (${errors.join('; ')})`);
} catch (e) {
  console.error(String(e));
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
