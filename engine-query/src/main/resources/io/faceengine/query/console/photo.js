// A photo with face boxes drawn over it, in percentages of its natural size so they follow any scaling;
// face thumbnails; the small pieces of text the views share.
import { getImage } from './api.js';

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

/**
 * A square thumbnail of a stored face (`size` pixels), fetched with the token; when the API has no
 * picture, its error code stands in its place and `holder`'s tooltip gives the message.
 */
export function faceThumbnail(faceId, size, alt, holder) {
  const img = document.createElement('img');
  img.alt = alt;
  img.width = size;
  img.height = size;
  getImage(`/v1/faces/${encodeURIComponent(faceId)}/thumbnail?size=${size}`)
    .then((image) => { img.src = image.url; })
    .catch((e) => {
      img.replaceWith(paragraph('thumb-error', e.code || 'no picture'));
      holder.title = describe(e);
    });
  return img;
}

/** A paragraph of this class and text. */
export function paragraph(className, text) {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
