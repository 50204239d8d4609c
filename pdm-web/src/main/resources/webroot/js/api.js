// pdm's REST API with the session cookie. State-changing calls carry X-PDM-CSRF, which a cross-site form cannot send.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.problems = Array.isArray(body?.problems) ? body.problems : [];
  }
}

export async function api(method, path, body, headers = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (method !== 'GET') init.headers['X-PDM-CSRF'] = '1';
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { message: text };
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/v1/session')) {
      window.dispatchEvent(new CustomEvent('pdm:unauthenticated'));
    }
    throw new ApiError(response.status, json);
  }
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body, headers) => api('POST', path, body ?? {}, headers);

/** The message of an API error, with every listed problem. */
export function describeError(err) {
  if (err instanceof ApiError) {
    return [err.message, ...err.problems].join(' — ');
  }
  return `network error: ${err.message}`;
}
