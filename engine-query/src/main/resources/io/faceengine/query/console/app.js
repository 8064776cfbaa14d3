// The console: one view at a time, chosen by the address's #fragment; the API token field.
import { getJson, setToken, token } from './api.js';
import { initSearch } from './search.js';
import { initVerify } from './verify.js';
import { showStatus } from './status.js';
import { initViewer } from './viewer.js';

const VIEWS = ['search', 'verify', 'status', 'clusters'];

function route() {
  const wanted = location.hash.slice(1);
  const view = VIEWS.includes(wanted) && !navLink(wanted).hidden ? wanted : 'search';
  for (const name of VIEWS) {
    document.getElementById(`view-${name}`).hidden = name !== view;
    navLink(name).classList.toggle('active', name === view);
  }
  showStatus(view === 'status');
}

function navLink(view) {
  return document.querySelector(`nav a[data-view="${view}"]`);
}

/** Clustering is built separately: its view shows once the service describes a /v1/clusters route. */
async function detectClusters() {
  try {
    const openApi = await getJson('/openapi.json');
    navLink('clusters').hidden = !Object.keys(openApi.paths || {}).some((p) => p.startsWith('/v1/clusters'));
  } catch {
    navLink('clusters').hidden = true;
  }
}

const tokenField = document.getElementById('token');
tokenField.value = token();
tokenField.addEventListener('change', () => setToken(tokenField.value.trim()));

initSearch();
initVerify();
initViewer();
window.addEventListener('hashchange', route);
route();
detectClusters().then(route);
