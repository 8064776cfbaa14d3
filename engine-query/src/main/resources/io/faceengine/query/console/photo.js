// A photo with face boxes drawn over it, in percentages of its natural size so they follow any scaling;
// face thumbnails; the small pieces of text the views share.
import { ApiError, getImage } from './api.js';

/**
 * Shows `url` in `figure` with the boxes ({x, y, width, height} in the image's pixels, and an optional
 * label and class each). Resolves once the image is loaded.
 */
export function showPhoto(figure, url, boxes = []) {
  figure.replaceChildren();
  const frame = document.createElement('div'); // exactly the image's size: the boxes' reference
  frame.className = 'frame';
  const img = document.createElement('img');
  img.alt = '';
  frame.append(img);
  figure.append(frame);
  return new Promise((resolve, reject) => {
    img.onload = () => {
      for (const box of boxes) {
        frame.append(boxElement(box, img.naturalWidth, img.naturalHeight));
      }
      resolve(img);
    };
    img.onerror = () => reject(new Error('the browser cannot display this image'));
    img.src = url;
  });
}

function boxElement(box, width, height) {
  const div = document.createElement('div');
  div.className = `box ${box.className || ''}`;
  div.style.left = `${(100 * box.x) / width}%`;
  div.style.top = `${(100 * box.y) / height}%`;
  div.style.width = `${(100 * box.width) / width}%`;
  div.style.height = `${(100 * box.height) / height}%`;
  if (box.label) {
    const tag = document.createElement('span');
    tag.textContent = box.label;
    div.append(tag);
  }
  return div;
}

/** Shows a message in an error paragraph, or hides it when the message is empty. */
export function showError(element, message) {
  element.textContent = message || '';
  element.hidden = !message;
}

/** A number with three decimals, as distances and thresholds are shown everywhere. */
export function fixed(value) {
  return value === undefined || value === null ? '—' : Number(value).toFixed(3);
}

/** The message of an error for a person: the API's code and message, or the browser's. */
export function describe(e) {
  return typeof e.describe === 'function' ? e.describe() : e.message;
}

/** Why the API could not give a face's picture, in a few words for the placeholder that stands in its place. */
const NO_PICTURE = {
  unknown_face: 'face not in this generation',
  no_source_image: 'indexed without a source image',
  source_image_missing: 'source image missing',
  source_image_unreadable: 'source image unreadable',
  box_outside_image: 'face outside its image',
  undecodable: 'picture unreadable',
  unauthorized: 'API token needed',
  forbidden: 'token lacks the search scope',
  rate_limited: 'token over its rate: retry',
  too_many_requests: 'token busy: retry',
  unreachable: 'service unreachable',
};

/**
 * A square thumbnail of a stored face (`size` pixels), fetched with the token. Until it is decoded a
 * "loading" placeholder holds its place (an <img> without a picture yet would show as a broken image);
 * when the API has no picture, or the browser cannot decode it, a placeholder says why and `holder`'s
 * tooltip gives the API's message.
 */
export function faceThumbnail(faceId, size, alt, holder) {
  const slot = placeholder('thumb-loading', 'loading…', size);
  getImage(`/v1/faces/${encodeURIComponent(faceId)}/thumbnail?size=${size}`)
    .then((image) => decoded(image.url, alt, size))
    .then((img) => slot.replaceWith(img))
    .catch((e) => {
      slot.replaceWith(placeholder('thumb-error', NO_PICTURE[e.code] || (e.code ? `${e.status} ${e.code}` : e.message),
        size));
      holder.title = describe(e);
    });
  return slot;
}

/** An img of the object URL once the browser has decoded it; the URL is released then (the img keeps its pixels). */
async function decoded(url, alt, size) {
  const img = document.createElement('img');
  img.alt = alt;
  img.width = size;
  img.height = size;
  img.src = url;
  try {
    await img.decode();
    return img;
  } catch {
    throw new ApiError(200, 'undecodable', 'the service sent a thumbnail this browser cannot decode');
  } finally {
    URL.revokeObjectURL(url);
  }
}

function placeholder(className, text, size) {
  const span = document.createElement('span');
  span.className = `thumb-placeholder ${className}`;
  span.style.width = `${size}px`;
  span.style.height = `${size}px`;
  span.textContent = text;
  return span;
}

/** A paragraph of this class and text. */
export function paragraph(className, text) {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
