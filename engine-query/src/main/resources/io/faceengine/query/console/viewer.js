// The source image of a gallery face, with the face boxed, over the page.
import { getImage } from './api.js';
import { describe, showError, showPhoto } from './photo.js';

const viewer = document.getElementById('viewer');
let shown = null; // the object URL on screen, released on close

export function initViewer() {
  document.getElementById('viewer-close').addEventListener('click', close);
  viewer.addEventListener('click', (e) => {
    if (e.target === viewer) {
      close();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !viewer.hidden) {
      close();
    }
  });
}

/** Opens the source image of the face `faceId`, titled with its label. */
export async function openFace(faceId, label) {
  const figure = document.getElementById('viewer-photo');
  const error = document.getElementById('viewer-error');
  document.getElementById('viewer-title').textContent = `${label || 'no label'} · face ${faceId}`;
  figure.replaceChildren();
  showError(error, '');
  viewer.hidden = false;
  try {
    const image = await getImage(`/v1/faces/${encodeURIComponent(faceId)}/image`);
    shown = image.url;
    const [x, y, width, height] = (image.headers.get('X-Face-Box') || '').split(',').map(Number);
    const boxes = Number.isFinite(height) ? [{ x, y, width, height, className: 'known' }] : [];
    await showPhoto(figure, image.url, boxes);
  } catch (e) {
    showError(error, describe(e));
  }
}

function close() {
  viewer.hidden = true;
  if (shown) {
    URL.revokeObjectURL(shown);
    shown = null;
  }
}
