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
const goneFace = required('GONE_FACE'); // an enrolled person's face whose source image was deleted after indexing
const goneCluster = required('GONE_CLUSTER');
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

/**
 * Waits until every face thumbnail has settled and every image on the page has loaded, then checks none
 * shows broken: an img without pixels (not yet fetched, or undecodable) looks just like a failed one.
 */
async function picturesShown() {
  await page.waitForFunction(() => !document.querySelector('.thumb-loading')
    && [...document.querySelectorAll('img')].every((img) => img.complete));
  const broken = await page.evaluate(() => [...document.querySelectorAll('img')]
    .filter((img) => img.offsetParent !== null && img.naturalWidth === 0).map((img) => img.alt || img.src));
  assert.deepEqual(broken, [], 'images shown broken');
}

/** The sizes of the visible thumbnails under `selector`, and the placeholders' texts of those that could not be served. */
async function thumbnails(selector) {
  return page.evaluate((s) => ({
    sizes: [...document.querySelectorAll(`${s} img`)].map((img) => `${img.naturalWidth}x${img.naturalHeight}`),
    placeholders: [...document.querySelectorAll(`${s} .thumb-placeholder`)].map((p) => p.textContent),
  }), selector);
}

async function screenshot(name) {
  await picturesShown();
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
  // Each candidate's thumbnail is a real 96x96 image fetched from /v1/faces/{id}/thumbnail, except the
  // face whose source image is gone: a placeholder says so, its tooltip the API's error.
  await picturesShown();
  assert.deepEqual(await thumbnails('.face-card .candidate'),
    { sizes: Array(4).fill('96x96'), placeholders: ['source image missing'] });
  const gone = card.locator(`.candidate[data-face-id="${goneFace}"]`);
  assert.equal(await gone.locator('.label').textContent(), enrolled);
  assert.match(await gone.getAttribute('title'), /^404 source_image_missing: face \w+'s source image .+ does not exist/);
  assert.equal(await page.locator('#search-photo .box.known').count(), 1, 'the face is boxed on the photo');
  await screenshot('search-known');
});

test('a click on a candidate shows its source image with the face boxed, or why it cannot', async () => {
  await page.locator(`.face-card .candidate[data-face-id="${goneFace}"]`).click();
  await page.locator('#viewer-error').waitFor();
  assert.match(await page.locator('#viewer-error').textContent(), /^404 source_image_missing: face \w+'s source image /);
  assert.equal(await page.locator('#viewer-photo img').count(), 0);
  await screenshot('search-source-image-missing');
  await page.keyboard.press('Escape');

  await page.locator(`.face-card .candidate:not([data-face-id="${goneFace}"])`).first().click();
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
  await picturesShown();
  assert.deepEqual((await thumbnails('.face-card .candidate')).sizes, Array(5).fill('96x96'));
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

/** The Clusters view's next (or previous) page, once it is shown (its summary names the clusters shown). */
async function nextPage(why, button = '#clusters-next') {
  const summary = page.locator('#clusters-summary');
  const before = await summary.textContent();
  assert.equal(await page.locator(button).isDisabled(), false, why);
  await page.click(button);
  await page.waitForFunction((text) => document.querySelector('#clusters-summary').textContent !== text
    && (!document.querySelector('#clusters-previous').disabled || !document.querySelector('#clusters-next').disabled),
  before);
}

/** Pages the Clusters view from its first page to the one showing this cluster's sheet. */
async function showSheet(clusterId) {
  while (!(await page.locator('#clusters-previous').isDisabled())) {
    await nextPage('no first page', '#clusters-previous');
  }
  const sheet = page.locator(`.sheet[data-cluster-id="${clusterId}"]`);
  while (await sheet.count() === 0) {
    await nextPage(`cluster ${clusterId} is not listed`);
  }
  return sheet;
}

test('clusters show as contact sheets, unnamed first; a cluster named on the page keeps its name', async () => {
  // Thumbnails held back a second (as from a busy service): meanwhile their places say "loading…",
  // and no image without pixels (which would look broken) is on the page.
  const thumbnailRoute = '**/v1/faces/*/thumbnail*';
  await page.route(thumbnailRoute, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  await page.goto(`${base}#clusters`);
  const sheet = page.locator('.sheet').first();
  await sheet.waitFor();
  await page.locator('.thumb .thumb-loading').first().waitFor();
  assert.equal(await page.locator('.thumb .thumb-loading').first().textContent(), 'loading…');
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('img')]
    .filter((img) => img.offsetParent !== null && img.naturalWidth === 0).map((img) => img.alt)), []);
  await picturesShown();
  await page.unroute(thumbnailRoute);
  assert.match(await page.locator('#clusters-summary').textContent(), /^\d+ clusters of \d+ faces, 0 named/);
  assert.equal(await sheet.locator('.name').textContent(), 'Unnamed');
  assert.match(await sheet.locator('.facts').textContent(), /^cluster \d+ · \d+ faces? · cohesion [01]\.\d{3}$/);
  // Every sheet's thumbnails are real 80x80 images of /v1/faces/{id}/thumbnail, the representative outlined.
  await picturesShown();
  const shown = await thumbnails('.sheet .thumb');
  assert.equal(shown.sizes.length + shown.placeholders.length, await page.locator('.sheet .thumb').count());
  const goneHere = await page.locator(`.thumb[data-face-id="${goneFace}"]`).count();
  assert.deepEqual(shown, { sizes: Array(shown.sizes.length).fill('80x80'),
    placeholders: goneHere ? ['source image missing'] : [] });
  for (const s of await page.locator('.sheet').all()) {
    assert.equal(await s.locator('.thumb.representative').count(), 1);
  }
  await screenshot('clusters');

  // The face whose source image is gone: its sheet shows a placeholder saying so, not a broken image.
  const goneSheet = await showSheet(goneCluster);
  await picturesShown();
  const goneThumb = goneSheet.locator(`.thumb[data-face-id="${goneFace}"]`);
  assert.equal(await goneThumb.locator('.thumb-error').textContent(), 'source image missing');
  assert.match(await goneThumb.getAttribute('title'), /^404 source_image_missing: /);
  assert.equal(await goneSheet.locator('.thumb img').count(), await goneSheet.locator('.thumb').count() - 1);

  // The unlabelled person's cluster: on the first page or a later one.
  const target = await showSheet(unlabelledCluster);
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
  await picturesShown();
  assert.deepEqual((await thumbnails(`.sheet[data-cluster-id="${unlabelledCluster}"] .thumb`)).sizes,
    Array(3).fill('80x80'));
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
  await picturesShown();
  assert.equal((await thumbnails('.face-card .candidate')).sizes[0], '96x96');
  await screenshot('search-cluster-name');
});

test('the page raised no script error', () => {
  assert.deepEqual(pageErrors, []);
});
