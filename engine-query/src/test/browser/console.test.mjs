// The console in Debian's headless Chromium, driven by playwright-core: run by ConsoleBrowserTest,
// which starts the query service over a small LFW index and a clustering of its faces, and passes where
// things are in the environment.
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
const unlabelled = required('UNLABELLED_PERSON'); // indexed without a label; their cluster gets a name here
const unlabelledProbe = Number(required('UNLABELLED_PROBE'));
const unlabelledCluster = required('UNLABELLED_CLUSTER');
const clusterName = 'Serena Williams';

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
  assert.equal(await page.locator('nav a[data-view=clusters]').isVisible(), true, 'the service serves a clustering');
  await screenshot('status');
});

/** The Clusters view's next page, once it is shown (its summary names the clusters shown). */
async function nextPage(why) {
  const summary = page.locator('#clusters-summary');
  const before = await summary.textContent();
  assert.equal(await page.locator('#clusters-next').isDisabled(), false, why);
  await page.click('#clusters-next');
  await page.waitForFunction((text) => document.querySelector('#clusters-summary').textContent !== text
    && !document.querySelector('#clusters-previous').disabled, before);
}

test('clusters show as contact sheets, unnamed first; a cluster named on the page keeps its name', async () => {
  await page.goto(`${base}#clusters`);
  const sheet = page.locator('.sheet').first();
  await sheet.waitFor();
  assert.match(await page.locator('#clusters-summary').textContent(), /^\d+ clusters of \d+ faces, 0 named/);
  assert.equal(await sheet.locator('.name').textContent(), 'Unnamed');
  assert.match(await sheet.locator('.facts').textContent(), /^cluster \d+ · \d+ faces? · cohesion [01]\.\d{3}$/);
  // The contact sheet's thumbnails are real 80x80 images of /v1/faces/{id}/thumbnail, the representative outlined.
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('.sheet:first-child .thumb img')];
    return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth === 80);
  });
  assert.equal(await sheet.locator('.thumb.representative').count(), 1);
  await screenshot('clusters');

  // The unlabelled person's cluster: on this page or a later one.
  const target = page.locator(`.sheet[data-cluster-id="${unlabelledCluster}"]`);
  while (await target.count() === 0) {
    await nextPage(`cluster ${unlabelledCluster} is not listed`);
  }
  assert.equal(await target.locator('.labels').textContent(), 'no ingest label');
  await target.locator('.name-form input').fill(clusterName);
  await target.locator('.name-form button').click();
  await page.waitForFunction((id) => document.querySelector(`.sheet[data-cluster-id="${id}"] .name.named`),
    unlabelledCluster);
  assert.equal(await target.locator('.name').textContent(), clusterName);

  // Read back from the service: named clusters come after the unnamed ones, so on the last page.
  await page.reload();
  await page.locator('.sheet').first().waitFor();
  assert.match(await page.locator('#clusters-summary').textContent(), /, 1 named/);
  while (!(await page.locator('#clusters-next').isDisabled())) {
    await nextPage('no last page');
  }
  const named = page.locator(`.sheet[data-cluster-id="${unlabelledCluster}"]`);
  await named.waitFor();
  assert.equal(await named.locator('.name.named').textContent(), clusterName);
  assert.match(await named.locator('.name').getAttribute('title'), /^named by api at /);
  await page.waitForFunction((id) => [...document.querySelectorAll(`.sheet[data-cluster-id="${id}"] .thumb img`)]
    .every((img) => img.complete && img.naturalWidth === 80), unlabelledCluster);
  await named.scrollIntoViewIfNeeded();
  await screenshot('clusters-named');
});

test('a search finds the named cluster\'s person by the cluster\'s name', async () => {
  await page.goto(`${base}#search`);
  await page.setInputFiles('#search-file', photo(unlabelled, unlabelledProbe));
  const card = page.locator('.face-card').first();
  await card.waitFor();
  assert.equal(await card.locator('.identity').textContent(), `1. ${clusterName}`);
  assert.equal(await card.locator('.candidate .label').first().textContent(), `${clusterName} (cluster)`);
  await screenshot('search-cluster-name');
});

test('the page raised no script error', () => {
  assert.deepEqual(pageErrors, []);
});
