// Computes the reference face descriptors that engine-models' converter test compares against.
// Usage: node face-api-reference.mjs <extracted npm package dir> <output.json>   (see README.md)
//
// It runs @vladmandic/face-api's own FaceRecognitionNet on tfjs' pure-JS CPU backend, so the
// fixture comes from the package's code and weights, not from our converter.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, outputFile] = process.argv.slice(2);
if (!packageDir || !outputFile) {
  console.error('usage: node face-api-reference.mjs <package dir> <output.json>');
  process.exit(2);
}

// The browser bundle treats Node as a platform it must `require('util')` for, which an ES module
// cannot; hide Node while the bundle initialises and give tfjs a minimal platform afterwards.
const versions = process.versions;
Object.defineProperty(process, 'versions', { value: { ...versions, node: undefined }, configurable: true });
const faceapi = await import(pathToFileURL(resolve(packageDir, 'dist/face-api.esm.js')).href);
Object.defineProperty(process, 'versions', { value: versions, configurable: true });
const tf = faceapi.tf;
tf.setPlatform('node-reference', {
  fetch: (url, init) => fetch(url, init),
  now: () => performance.now(),
  encode: (text) => new TextEncoder().encode(text),
  decode: (bytes, encoding) => new TextDecoder(encoding).decode(bytes),
  isTypedArray: (a) => ArrayBuffer.isView(a) && !(a instanceof DataView),
});
if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend unavailable');

// Weights: the manifest's specs decode the .bin exactly as the browser loader would.
const modelDir = join(packageDir, 'model');
const manifest = JSON.parse(readFileSync(join(modelDir, 'face_recognition_model-weights_manifest.json'), 'utf8'));
const specs = manifest.flatMap((group) => group.weights);
const buffers = manifest.flatMap((group) => group.paths).map((p) => readFileSync(join(modelDir, p)));
const data = Buffer.concat(buffers);
const weightMap = tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), specs);
const net = new faceapi.FaceRecognitionNet();
net.loadFromWeightMap(weightMap);

// Synthetic 150x150 RGB inputs, 0..255. Keep in sync with SyntheticInputs.java (same formulas,
// same double arithmetic, rounded to float32).
const SIZE = 150;
const PATTERNS = {
  gradient: (y, x, c) => (c === 0 ? (255 * x) / 149 : c === 1 ? (255 * y) / 149 : (255 * (x + y)) / 298),
  sinusoid: (y, x, c) => 127.5 + 127.5 * Math.sin((2 * Math.PI * (x * (c + 1) * 3 + y * (c + 2) * 2)) / 150 + c),
  rings: (y, x, c) => 127.5 + 127.5 * Math.cos(Math.sqrt((x - 74.5) * (x - 74.5) + (y - 60) * (y - 60)) / (4 + c)),
};

const results = [];
for (const [name, pattern] of Object.entries(PATTERNS)) {
  const pixels = new Float32Array(SIZE * SIZE * 3); // HWC, as tfjs images are
  let sum = 0;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      for (let c = 0; c < 3; c++) {
        const v = Math.fround(pattern(y, x, c));
        pixels[(y * SIZE + x) * 3 + c] = v;
        sum += v;
      }
    }
  }
  const input = tf.tensor3d(pixels, [SIZE, SIZE, 3], 'float32');
  // A NetInput skips face-api's DOM/Node media detection, which needs a canvas environment.
  const output = await net.forward(new faceapi.NetInput([input]));
  results.push({ name, inputSum: sum, embedding: Array.from(await output.data()) });
  tf.dispose([input, output]);
}

const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const fixture = {
  source: `${pkg.name}@${pkg.version} FaceRecognitionNet.forward, tfjs ${tf.version.tfjs} backend ${tf.getBackend()}`,
  script: 'models/reference/face-api-reference.mjs',
  inputs: results,
};
writeFileSync(outputFile, `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`wrote ${results.length} embeddings to ${outputFile}`);
