// Clusters: contact sheets of the largest clusters of the clustering the service serves, unnamed ones
// first, each with a box to name it (POST /v1/clusters/{id}/name, with the token the page already uses).
import { getJson, postJson } from './api.js';
import { describe, faceThumbnail, fixed, paragraph, showError } from './photo.js';
import { openFace } from './viewer.js';

const PER_PAGE = 6;
const THUMBNAILS = 12;
const THUMBNAIL_SIZE = 80;

const error = document.getElementById('clusters-error');
const sheets = document.getElementById('clusters-sheets');
const summary = document.getElementById('clusters-summary');
const previous = document.getElementById('clusters-previous');
const next = document.getElementById('clusters-next');
let offset = 0;
let loading = null;

export function initClusters() {
  previous.addEventListener('click', () => load(Math.max(0, offset - PER_PAGE)));
  next.addEventListener('click', () => load(offset + PER_PAGE));
}

/** Loads the current page each time the view is shown. */
export function showClusters(visible) {
  if (visible) {
    load(offset);
  }
}

async function load(from) {
  const request = Symbol('load');
  loading = request;
  showError(error, '');
  previous.disabled = true; // until this page is shown
  next.disabled = true;
  try {
    const list = await getJson(`/v1/clusters?offset=${from}&limit=${PER_PAGE}&unnamed_first=true`);
    if (loading !== request) {
      return; // a later page was asked for meanwhile
    }
    offset = from;
    const shown = list.items.length ? `${from + 1}–${from + list.items.length}` : 'none';
    summary.textContent = `${list.clusters.toLocaleString('en')} clusters of ${list.faces.toLocaleString('en')} faces,`
      + ` ${list.named} named (model ${list.model_id}). Unnamed first, then largest first: showing ${shown}.`;
    previous.disabled = from === 0;
    next.disabled = from + PER_PAGE >= list.clusters;
    sheets.replaceChildren(...list.items.map(contactSheet));
  } catch (e) {
    showError(error, describe(e));
    previous.disabled = offset === 0;
    next.disabled = false;
  }
}

function contactSheet(cluster) {
  const sheet = document.createElement('article');
  sheet.className = 'sheet';
  sheet.dataset.clusterId = cluster.cluster_id;
  const title = document.createElement('h3');
  const facts = paragraph('facts', `cluster ${cluster.cluster_id} · ${cluster.size} face${cluster.size === 1 ? '' : 's'}`
    + ` · cohesion ${fixed(cluster.cohesion)}`);
  const labels = paragraph('labels', cluster.labels
    ? `ingest labels: ${cluster.labels.slice(0, 3).map((l) => `${l.label} ×${l.count}`).join(', ')}` : 'no ingest label');
  const grid = document.createElement('div');
  grid.className = 'thumbs';
  const problem = paragraph('error', '');
  problem.hidden = true;
  sheet.append(title, facts, labels, grid, nameForm(cluster, title, problem), problem);
  showName(title, cluster);
  fillThumbnails(cluster, grid, problem);
  return sheet;
}

function showName(title, cluster) {
  title.textContent = cluster.name || 'Unnamed';
  title.className = cluster.name ? 'name named' : 'name';
  title.title = cluster.named ? `named by ${cluster.named.by} at ${cluster.named.at}` : '';
}

async function fillThumbnails(cluster, grid, problem) {
  try {
    const page = await getJson(`/v1/clusters/${cluster.cluster_id}?limit=${THUMBNAILS}`);
    for (const member of page.members) {
      grid.append(thumbnail(member, member.face_id === cluster.representative_face_id));
    }
    if (cluster.size > page.members.length) {
      grid.append(paragraph('more', `+${cluster.size - page.members.length} more`));
    }
  } catch (e) {
    showError(problem, describe(e));
  }
}

function thumbnail(member, representative) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = representative ? 'thumb representative' : 'thumb';
  button.dataset.faceId = member.face_id;
  button.title = `${member.label || 'no label'} · face ${member.face_id}${representative ? ' (representative)' : ''}`;
  button.append(faceThumbnail(member.face_id, THUMBNAIL_SIZE, member.label || member.face_id, button));
  button.addEventListener('click', () => openFace(member.face_id, member.label));
  return button;
}

function nameForm(cluster, title, problem) {
  const form = document.createElement('form');
  form.className = 'name-form';
  const input = document.createElement('input');
  input.type = 'text';
  input.name = 'label';
  input.required = true;
  input.maxLength = 200;
  input.placeholder = cluster.name ? 'Rename this person' : 'Who is this?';
  input.setAttribute('aria-label', `Name cluster ${cluster.cluster_id}`);
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Name';
  form.append(input, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(problem, '');
    button.disabled = true;
    try {
      const named = await postJson(`/v1/clusters/${cluster.cluster_id}/name`, { label: input.value.trim() });
      showName(title, { ...cluster, name: named.label, named: { by: named.named_by, at: named.named_at } });
      input.value = '';
      input.placeholder = 'Rename this person';
    } catch (err) {
      showError(problem, describe(err));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
