// The console: one view at a time, chosen by the address's #fragment; the API token field.
import { getJson, setToken, token } from './api.js';
import { initSearch } from './search.js';
import { initVerify } from './verify.js';
import { showStatus } from './status.js';
import { initClusters, showClusters } from './clusters.js';
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
  showClusters(view === 'clusters');
}

function navLink(view) {
  return document.querySelector(`nav a[data-view="${view}"]`);
}

/** The Clusters view shows when the service serves a clustering: /v1/health (no token needed) counts its clusters. */
async function detectClusters() {
  try {
    const health = await getJson('/v1/health');
    navLink('clusters').hidden = typeof health.clusters !== 'number';
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
initClusters();
window.addEventListener('hashchange', route);
route();
detectClusters().then(route);
