// The HTML report opened in headless Chromium (Debian `chromium`, driven by playwright-core): filters work, copy
// buttons copy the exact command, no console error (a CSP violation is one), nothing wider than the phone screen.
// Screenshots go to tests/report/.artifacts/ (gitignored) for a person to look at.
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/html.js';
import { runAll } from '../helpers/check-harness.js';
import { tool } from './consumer-tools.js';

const ARTIFACTS = 'tests/report/.artifacts';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const pages: Record<string, string> = {
  '/injector.html': formatHtml(runAll('examples/osm-injector-down')),
  '/fleet.html': formatHtml({ schemaVersion: 1, targets: [runAll('examples/osm-sidecar-in-control-plane'), runAll('examples/ama-oracle-linux-9')] }),
};
let server: Server;
let browser: Browser;
let base = '';

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: tool('chromium'), args: FLAGS, headless: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

async function open(path: string, width: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => !r.url().startsWith(base) && errors.push(`network request: ${r.url()}`));
  await page.goto(base + path);
  return { page, errors };
}

describe('the HTML report in headless Chromium', () => {
  it('leads with one root cause, folds the others, filters by area and status, without console errors', async () => {
    const { page, errors } = await open('/injector.html', 1280);
    expect(await page.locator('h3.causes').textContent()).toBe('1 root cause (3 problems; the others follow from them)');
    expect(await page.locator('div.problem').evaluateAll((els) => els.map((e) => e.id))).toEqual(['OSM006']);
    expect(await page.locator('details.consequences summary').textContent()).toBe('Explains OSM005, OSM008');
    expect(await page.locator('.count.skip').textContent()).toBe('14 skipped');
    const visibleRows = () => page.locator('tr[data-area]:visible').count();
    expect(await visibleRows()).toBe(32);
    await page.selectOption('#f-area', 'osm');
    expect(await visibleRows()).toBe(16);
    await page.selectOption('#f-status', 'fail');
    expect(await page.locator('tr[data-area]:visible').evaluateAll((rows) => rows.map((r) => r.querySelector('b')?.textContent))).toEqual(['OSM005', 'OSM006', 'OSM008']);
    await page.selectOption('#f-area', 'flux');
    expect(await visibleRows()).toBe(0);
    await page.selectOption('#f-area', '');
    await page.selectOption('#f-status', '');
    // Not the whole card in red: the message keeps the body colour.
    expect(await page.locator('div.problem > p').first().evaluate((e) => getComputedStyle(e).color)).toBe('rgb(27, 31, 36)');
    await page.screenshot({ path: `${ARTIFACTS}/osm-injector-down-1280.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('copies the exact command with its copy button', async () => {
    const { page, errors } = await open('/injector.html', 1280);
    const button = page.locator('div.problem button[data-copy]').first();
    await button.click();
    await expect.poll(() => button.textContent()).toBe('copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('kubectl describe pod osm-injector-5986c57765-vlsdk -n arc-osm-system');
    expect(errors).toEqual([]);
  }, 60_000);

  it('is readable at phone width (390 px): nothing wider than the screen', async () => {
    const { page, errors } = await open('/injector.html', 390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}/osm-injector-down-390.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('gives several targets a fleet overview linking to each', async () => {
    const { page, errors } = await open('/fleet.html', 1280);
    const rows = await page.locator('#fleet tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['examples/osm-sidecar-in-control-plane', '1', '4', '0', '0', '14', '14', '1'],
      ['examples/ama-oracle-linux-9', '1', '2', '0', '0', '2', '28', '1'],
    ]);
    await page.click('#fleet a >> nth=1');
    expect(page.url()).toMatch(/#target-1$/);
    await page.screenshot({ path: `${ARTIFACTS}/fleet-1280.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
