// Status: what /v1/health reports, and the latency of each route over the last minute from /metrics.
import { getJson, getText } from './api.js';
import { describe, showError } from './photo.js';

const REFRESH_MS = 5000;
const WINDOW_MS = 60000;
const error = document.getElementById('status-error');
let snapshots = []; // {time, routes} from /metrics, the last minute's
let timer = null;

/** Refreshes now and every few seconds while the view is shown; stops when it is hidden. */
export function showStatus(visible) {
  clearInterval(timer);
  timer = null;
  if (visible) {
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }
}

async function refresh() {
  showError(error, '');
  try {
    const [health, metrics] = await Promise.all([getJson('/v1/health').catch(healthOf503), getText('/metrics')]);
    showHealth(health);
    const now = Date.now();
    snapshots.push({ time: now, routes: routeHistograms(metrics) });
    snapshots = snapshots.filter((s) => now - s.time <= WINDOW_MS);
    showLatency(snapshots[0], snapshots[snapshots.length - 1]);
  } catch (e) {
    showError(error, describe(e));
  }
}

/** /v1/health answers 503 with its body while no generation is ready: show it all the same. */
function healthOf503(e) {
  if (e.status === 503) {
    return { status: 'not_ready', generation: -1, shards: 0, shards_ready: 0, docs: 0 };
  }
  throw e;
}

function showHealth(h) {
  const rows = [
    ['state', h.status],
    ['generation', h.generation >= 0 ? `gen-${h.generation}` : 'none ready'],
    ['shards ready', `${h.shards_ready} of ${h.shards}`],
    ['faces indexed', Number(h.docs).toLocaleString('en')],
    ['model', h.model_id || '—'],
  ];
  const list = document.getElementById('status-health');
  list.replaceChildren();
  for (const [name, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.className = name === 'state' ? `state ${h.status}` : '';
    list.append(dt, dd);
  }
}

/**
 * The request histograms of /metrics (faceengine_http_requests_seconds), summed over status codes:
 * route -> {count, sum, buckets: Map(le -> cumulative count)}.
 */
function routeHistograms(text) {
  const routes = new Map();
  const line = /^faceengine_http_requests_seconds_(bucket|count|sum)\{(.*)\} (\S+)$/; // routes hold braces
  for (const row of text.split('\n')) {
    const m = line.exec(row);
    if (!m) {
      continue;
    }
    const labels = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    const key = labels.route === '*' ? 'GET console files' : `${labels.method} ${labels.route}`;
    const route = routes.get(key) || { count: 0, sum: 0, buckets: new Map() };
    const value = Number(m[3]);
    if (m[1] === 'bucket') {
      const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
      route.buckets.set(le, (route.buckets.get(le) || 0) + value);
    } else {
      route[m[1]] += value;
    }
    routes.set(key, route);
  }
  return routes;
}

function showLatency(oldest, newest) {
  const body = document.getElementById('status-latency');
  body.replaceChildren();
  const since = oldest === newest ? 'since the service started' : `over the last ${Math.round((newest.time - oldest.time) / 1000)} s`;
  for (const [route, now] of [...newest.routes].sort()) {
    if (route.endsWith(' unmatched')) {
      continue;
    }
    const before = oldest === newest ? null : oldest.routes.get(route);
    const count = now.count - (before ? before.count : 0);
    const sum = now.sum - (before ? before.sum : 0);
    const buckets = [...now.buckets].map(([le, n]) => [le, n - (before ? before.buckets.get(le) || 0 : 0)]);
    const cells = [route, count, quantile(buckets, count, 0.5), quantile(buckets, count, 0.95),
      count ? ms(sum / count) : '—'];
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    body.append(tr);
  }
  document.getElementById('status-note').textContent = `Requests and latency ${since}, from /metrics; `
    + 'a percentile is the upper bound of its histogram bucket. Refreshed every 5 s.';
}

/** The upper bound of the bucket holding quantile q of cumulative bucket counts. */
function quantile(buckets, count, q) {
  if (!count) {
    return '—';
  }
  const sorted = buckets.sort((x, y) => x[0] - y[0]);
  const found = sorted.find(([, n]) => n >= q * count);
  return !found || found[0] === Infinity ? 'over the largest bucket' : `≤ ${ms(found[0])}`;
}

function ms(seconds) {
  return `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms`;
}
