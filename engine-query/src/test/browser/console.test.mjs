// The console in Debian's headless Chromium, driven by playwright-core: run by ConsoleBrowserTest,
// which starts the query service over a small LFW index and passes where things are in the environment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = required('CONSOLE_URL');
const lfw = required('LFW_DIR');
const shots = required('SCREENSHOTS');
const token = required('API_TOKEN');
const enrolled = 'Colin_Powell';

let browser;
let page;
const pageErrors = [];

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this through ConsoleBrowserTest (bin/test)`);
  }
  return value;
}

function photo(person, number) {
  return path.join(lfw, person, `${person}_${String(number).padStart(4, '0')}.jpg`);
}

async function screenshot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

before(async () => {
  browser = await chromium.launch({
    executablePath: required('CHROMIUM'),
    headless: true,
    // playwright-core gives every launch a fresh temporary profile (--user-data-dir) of its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base);
});

after(async () => {
  await browser?.close();
});

test('without the token a search says it is needed; the token entered is kept for the session', async () => {
  await page.setInputFiles('#search-file', photo(enrolled, 4));
  const error = page.locator('#search-error');
  await error.waitFor();
  assert.match(await error.textContent(), /^Colin_Powell_0004\.jpg: 401 unauthorized: .+ \(enter the API token at the top right\)$/);
  await screenshot('search-no-token');
  await page.fill('#token', token);
  await page.press('#token', 'Tab'); // a change event stores it
  assert.equal(await page.evaluate(() => sessionStorage.getItem('faceengine.token')), token);
  await page.reload();
  assert.equal(await page.inputValue('#token'), token, 'kept across a reload of the tab');
});

test('an enrolled person is named, with thumbnails of the candidates', async () => {
  await page.setInputFiles('#search-file', photo(enrolled, 4));
  const card = page.locator('.face-card').first();
  await card.waitFor();
  assert.match(await card.locator('.identity').textContent(), new RegExp(`^1\\. ${enrolled}$`));
  assert.match(await card.locator('.why').textContent(), /^distance 0\.\d{3} < threshold 0\.\d{3}$/);
  assert.equal(await card.locator('.candidate').count(), 5);
  assert.equal(await card.locator('.candidate .label').first().textContent(), enrolled);
  // The best candidate's thumbnail is a real 96x96 image fetched from /v1/faces/{id}/thumbnail.
  await page.waitForFunction(() => {
    const img = document.querySelector('.face-card .candidate img');
    return img && img.complete && img.naturalWidth === 96 && img.naturalHeight === 96;
  });
  assert.equal(await page.locator('#search-photo .box.known').count(), 1, 'the face is boxed on the photo');
  await screenshot('search-known');
});

test('a click on a candidate shows its source image with the face boxed', async () => {
  await page.locator('.face-card .candidate').first().click();
  await page.locator('#viewer-photo img').waitFor();
  await page.waitForFunction(() => document.querySelector('#viewer-photo img').naturalWidth > 0);
  assert.equal(await page.locator('#viewer-photo .box').count(), 1);
  assert.match(await page.locator('#viewer-title').textContent(), new RegExp(`^${enrolled} · face `));
  await screenshot('search-source-image');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#viewer').isHidden(), true);
});

test('a stranger dropped on the page is unknown', async () => {
  // A real drop: a DataTransfer holding the file, dispatched on the drop zone as a browser would.
  const bytes = (await readFile(photo('Tara_Reid', 1))).toString('base64');
  const dropped = await page.evaluateHandle((data) => {
    const transfer = new DataTransfer();
    const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([raw], 'Tara_Reid_0001.jpg', { type: 'image/jpeg' }));
    return transfer;
  }, bytes);
  await page.dispatchEvent('#search-drop', 'dragover', { dataTransfer: dropped });
  await page.dispatchEvent('#search-drop', 'drop', { dataTransfer: dropped });
  await page.locator('.face-card.unknown').first().waitFor();
  assert.equal(await page.locator('.face-card .identity').first().textContent(), '1. Unknown');
  assert.match(await page.locator('.face-card .why').first().textContent(), /^nearest 0\.\d{3} ≥ threshold 0\.\d{3}$/);
  assert.match(await page.locator('#search-photo .box.unknown span').first().textContent(), /unknown/);
  await screenshot('search-unknown');
});

test('a file that is not an image gets a readable error', async () => {
  await page.setInputFiles('#search-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('a note') });
  const error = page.locator('#search-error');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /^notes\.txt: 415 unsupported_image: /, text);
  assert.equal(await page.locator('#search-result').isHidden(), true, 'the previous result is cleared');
  await screenshot('search-error');
});

test('verify gives the distance, the threshold and the verdict', async () => {
  await page.goto(`${base}#verify`);
  await page.setInputFiles('#verify-a', photo('Tony_Blair', 1));
  await page.setInputFiles('#verify-b', photo('Tony_Blair', 2));
  await page.click('#verify-form button[type=submit]');
  const verdict = page.locator('#verify-result');
  await verdict.waitFor();
  assert.equal(await verdict.locator('h3').textContent(), 'Same person');
  assert.match(await verdict.locator('p').textContent(), /^distance 0\.\d{3} < threshold 0\.\d{3}/);
  assert.equal(await page.locator('#verify-photo-a .box').count(), 1);
  await screenshot('verify-same');

  await page.setInputFiles('#verify-b', photo('Colin_Powell', 1));
  await page.click('#verify-form button[type=submit]');
  await page.locator('#verify-result.unknown').waitFor();
  assert.equal(await verdict.locator('h3').textContent(), 'Different people');
  await screenshot('verify-different');
});

test('status shows the generation, shards, faces, model and latency', async () => {
  await page.goto(`${base}#status`);
  await page.locator('#status-latency tr').first().waitFor();
  const health = await page.locator('#status-health').textContent();
  assert.match(health, /generation\s*gen-1/);
  assert.match(health, /shards ready\s*4 of 4/);
  assert.match(health, /faces indexed\s*\d+/);
  const routes = await page.locator('#status-latency tr td:first-child').allTextContents();
  assert.ok(routes.includes('POST /v1/search'), routes.join(', '));
  assert.equal(await page.locator('nav a[data-view=clusters]').isHidden(), true, 'no clustering output here');
  await screenshot('status');
});

test('the page raised no script error', () => {
  assert.deepEqual(pageErrors, []);
});
