// Verify: two photos, the distance between their main faces, the threshold and the verdict.
import { postForm } from './api.js';
import { describe, fixed, showError, showPhoto } from './photo.js';

const form = document.getElementById('verify-form');
const error = document.getElementById('verify-error');
const verdict = document.getElementById('verify-result');
const sides = {
  a: { input: document.getElementById('verify-a'), figure: document.getElementById('verify-photo-a'), url: null },
  b: { input: document.getElementById('verify-b'), figure: document.getElementById('verify-photo-b'), url: null },
};

export function initVerify() {
  for (const side of Object.values(sides)) {
    side.input.addEventListener('change', () => preview(side));
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    verify();
  });
}

function preview(side, box) {
  const file = side.input.files[0];
  verdict.hidden = true;
  if (!file) {
    side.figure.replaceChildren();
    return Promise.resolve();
  }
  if (side.url) {
    URL.revokeObjectURL(side.url);
  }
  side.url = URL.createObjectURL(file);
  side.input.nextElementSibling.textContent = file.name;
  return showPhoto(side.figure, side.url, box ? [{ ...box, className: 'known' }] : [])
    .catch(() => side.figure.replaceChildren()); // not displayable here: the service still says why
}

async function verify() {
  showError(error, '');
  verdict.hidden = true;
  const a = sides.a.input.files[0];
  const b = sides.b.input.files[0];
  try {
    const answer = await postForm('/v1/verify', {
      a, b, threshold: document.getElementById('verify-threshold').value,
    });
    await Promise.all([preview(sides.a, answer.box_a), preview(sides.b, answer.box_b)]);
    verdict.className = `verdict ${answer.same_person ? 'known' : 'unknown'}`;
    verdict.replaceChildren();
    const title = document.createElement('h3');
    title.textContent = answer.same_person ? 'Same person' : 'Different people';
    const detail = document.createElement('p');
    detail.textContent = `distance ${fixed(answer.distance)} ${answer.same_person ? '<' : '≥'} threshold `
      + `${fixed(answer.threshold)} · similarity ${fixed(answer.similarity)} · model ${answer.model_id}`;
    verdict.append(title, detail);
    verdict.hidden = false;
  } catch (e) {
    showError(error, describe(e));
  }
}
