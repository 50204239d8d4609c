// Building the page from data: every string becomes a text node, never markup. GitLab text (titles, logs) is data.

/** An element with properties, attributes, listeners (on…) and children (strings become text). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'hidden') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Only http(s) URLs become links: a javascript: URL from GitLab data must never be clickable. */
export function safeUrl(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link to an outside page (GitLab), opened in a new tab; plain text when the URL is not http(s). */
export function extLink(url, text, props = {}) {
  const href = safeUrl(url);
  if (!href) return h('span', props, text ?? String(url ?? ''));
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', ...props }, text ?? href);
}

export function shortSha(sha) {
  return typeof sha === 'string' ? sha.slice(0, 8) : '';
}

/** A status word in a coloured pill; the word itself carries the meaning, not only the colour. */
export function badge(status, extra = '') {
  const word = String(status ?? 'unknown').toLowerCase();
  return h('span', { class: `badge s-${word.replace(/[^a-z_]/g, '')} ${extra}`.trim() }, word.replace(/_/g, ' '));
}
