// The query service's public API, as the console calls it: the bearer token (kept in sessionStorage),
// JSON answers, images as object URLs, and errors as ApiError with the service's code and message.

const TOKEN_KEY = 'faceengine.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** An answer that is not a success: the HTTP status, the API's error code and its message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** One line for a person: what went wrong, and what to do when it is the token. */
  describe() {
    const hint = this.status === 401 ? ' (enter the API token at the top right)'
      : this.status === 403 ? ' (enter a token with that scope at the top right)'
        : this.status === 429 ? ' (this token is over its limits: retry in a moment)' : '';
    return `${this.status} ${this.code}: ${this.message}${hint}`;
  }
}

async function call(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (token()) {
    headers.set('Authorization', `Bearer ${token()}`);
  }
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch (e) {
    throw new ApiError(0, 'unreachable', `the service did not answer (${e.message})`);
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  return response;
}

async function errorOf(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    return new ApiError(response.status, body.error || 'error', body.message || text);
  } catch {
    return new ApiError(response.status, `http_${response.status}`, text.slice(0, 200) || response.statusText);
  }
}

export async function getJson(path) {
  return (await call(path)).json();
}

/** Posts a multipart form of files and fields; empty fields are left out. */
export async function postForm(path, fields) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== '') {
      form.append(name, value);
    }
  }
  return (await call(path, { method: 'POST', body: form })).json();
}

/** Posts a JSON body; the answer is JSON. */
export async function postJson(path, body) {
  return (await call(path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  })).json();
}

export async function getText(path) {
  return (await call(path)).text();
}

/** An image of the API as an object URL (an img cannot send the token itself), with the response's headers. */
export async function getImage(path) {
  const response = await call(path);
  return { url: URL.createObjectURL(await response.blob()), headers: response.headers };
}
