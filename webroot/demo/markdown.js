// Answers rendered as Markdown, safely. The provider's text is untrusted, so:
//  1. marked (https://marked.js.org) turns it into HTML, but raw HTML inside it is escaped and so shown as
//     text, and images become plain links (a reply never makes the browser fetch anything);
//  2. DOMPurify (https://github.com/cure53/DOMPurify) then removes anything else that could run
//     (javascript: URLs, event attributes, forms, styles) before the result enters the page.
// Both libraries are served by the gateway itself from webjars (see index.html). If they did not load,
// answers are shown as plain text, which is just as safe.

const { marked, DOMPurify } = window;

export const markdownReady = Boolean(marked && marked.Marked && DOMPurify && DOMPurify.isSupported);

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const PURIFY = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'img', 'picture', 'video', 'audio', 'iframe'],
  FORBID_ATTR: ['style'],
  RETURN_DOM_FRAGMENT: true,
};

const parser = markdownReady ? new marked.Marked({
  gfm: true,
  breaks: true,
  renderer: {
    html: ({ text, block }) => (block ? `<p class="raw-html">${escapeHtml(text)}</p>` : escapeHtml(text)),
    image: ({ href, text }) => `<a href="${escapeHtml(href || '')}">${escapeHtml(text || href || 'image')}</a>`,
  },
}) : null;

if (markdownReady) {
  // Links in answers open in a new tab, without handing the page to the target.
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
}

// Replaces element's content with text rendered as sanitized Markdown (or plain text when unavailable).
export function renderMarkdown(element, text) {
  if (!markdownReady) {
    element.textContent = text;
    return;
  }
  element.replaceChildren(DOMPurify.sanitize(parser.parse(text), PURIFY));
}
