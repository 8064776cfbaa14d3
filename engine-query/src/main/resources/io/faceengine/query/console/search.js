// Search: a photo in, each face found boxed on it, with the decision and the nearest gallery faces.
import { postForm } from './api.js';
import { describe, faceThumbnail, fixed, paragraph, showError, showPhoto } from './photo.js';
import { openFace } from './viewer.js';

const CANDIDATES = 5;
const THUMBNAIL_SIZE = 96;

const drop = document.getElementById('search-drop');
const input = document.getElementById('search-file');
const error = document.getElementById('search-error');
const result = document.getElementById('search-result');
let photoUrl = null;

export function initSearch() {
  input.addEventListener('change', () => input.files[0] && search(input.files[0]));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) {
      search(e.dataTransfer.files[0]);
    }
  });
}

async function search(file) {
  showError(error, '');
  result.hidden = true;
  drop.classList.add('busy');
  try {
    const answer = await postForm('/v1/search', { image: file, k: CANDIDATES });
    await show(file, answer);
  } catch (e) {
    showError(error, `${file.name}: ${describe(e)}`);
  } finally {
    drop.classList.remove('busy');
    input.value = ''; // the same file may be picked again
  }
}

async function show(file, answer) {
  if (photoUrl) {
    URL.revokeObjectURL(photoUrl);
  }
  photoUrl = URL.createObjectURL(file);
  const boxes = answer.faces.map((face, i) => ({
    ...face.box,
    label: `${i + 1} ${face.decision.known ? face.decision.identity : 'unknown'}`,
    className: face.decision.known ? 'known' : 'unknown',
  }));
  const list = document.getElementById('search-faces');
  list.replaceChildren();
  if (answer.partial) {
    const failures = answer.failed_shards.map((f) => `shard ${f.shard}: ${f.reason}`).join('; ');
    const none = answer.faces.every((face) => face.candidates.length === 0);
    list.append(paragraph('warning', none ? `No shard answered, so nothing was searched (${failures}). Try again.`
      : `Partial answer: candidates come from the other shards only (${failures}).`));
  }
  answer.faces.forEach((face, i) => list.append(faceCard(face, i + 1)));
  list.append(paragraph('note', `gen-${answer.generation} · model ${answer.model_id} · ${answer.metric} distance`));
  result.hidden = false;
  await showPhoto(document.getElementById('search-photo'), photoUrl, boxes);
}

function faceCard(face, number) {
  const d = face.decision;
  const card = document.createElement('article');
  card.className = `face-card ${d.known ? 'known' : 'unknown'}`;
  const title = document.createElement('h3');
  title.className = 'identity';
  title.textContent = `${number}. ${d.known ? d.identity : 'Unknown'}`;
  const why = (d.distance === undefined ? `no candidate; threshold ${fixed(d.threshold)}`
    : d.known ? `distance ${fixed(d.distance)} < threshold ${fixed(d.threshold)}`
      : `nearest ${fixed(d.distance)} ≥ threshold ${fixed(d.threshold)}`)
    + (d.identity_source === 'cluster' ? ' · the name of its cluster' : '');
  const candidates = document.createElement('ol');
  candidates.className = 'candidates';
  face.candidates.forEach((c) => candidates.append(candidateItem(c, d)));
  card.append(title, paragraph('why', why), candidates);
  return card;
}

function candidateItem(candidate, decision) {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'candidate';
  button.dataset.faceId = candidate.face_id;
  if (decision.known && candidate.face_id === decision.face_id) {
    button.classList.add('match');
  }
  button.title = `Show face ${candidate.face_id} in its photo`;
  // An unlabelled face of a named cluster is shown by the cluster's name, marked as such.
  const name = candidate.label || (candidate.identity_source === 'cluster' ? `${candidate.identity} (cluster)` : '');
  const picture = faceThumbnail(candidate.face_id, THUMBNAIL_SIZE, name || candidate.face_id, button);
  const label = document.createElement('span');
  label.className = 'label';
  label.textContent = name || 'no label';
  const distance = document.createElement('span');
  distance.className = 'distance';
  distance.textContent = fixed(candidate.distance);
  button.append(picture, label, distance);
  button.addEventListener('click', () => openFace(candidate.face_id, name));
  item.append(button);
  return item;
}
