// DOM writes that touch a node only when what it shows changes.

export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export function setHtml(el, html) {
  if (el.dataset.html !== html) {
    el.dataset.html = html;
    el.innerHTML = html;
  }
}

export function setPill(el, state, text) {
  if (el.dataset.state !== state) el.dataset.state = state;
  setText(el, text);
}

export function setData(el, name, value) {
  if (el.dataset[name] !== value) el.dataset[name] = value;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
