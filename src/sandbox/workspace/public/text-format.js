/**
 * Message text as the clients show it: Slack mrkdwn (*bold*, _italic_, ~strike~, `code`,
 * <url|label>) and Discord markdown (**bold**, *italic*, __underline__, `code`, [label](url)).
 * The text is HTML-escaped first; only the tags added here reach the page.
 */

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fragmentOf(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

function safeHref(url) {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : '#';
}

/** Keeps code spans out of the other rules, then puts them back. */
function withCode(html, format) {
  const codes = [];
  const held = html
    .replace(
      /```([\s\S]+?)```/g,
      (_m, code) => `\uE000${codes.push(`<pre><code>${code}</code></pre>`) - 1}\uE000`,
    )
    .replace(/`([^`\n]+)`/g, (_m, code) => `\uE000${codes.push(`<code>${code}</code>`) - 1}\uE000`);
  return format(held).replace(/\uE000(\d+)\uE000/g, (_m, i) => codes[Number(i)]);
}

/** Slack's own escaping: `&amp;`, `&lt;` and `&gt;` stay entities; raw `<…>` are links and mentions. */
function escapeSlack(text) {
  return text
    .replace(/&(?!(?:amp|lt|gt);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Slack mrkdwn as a document fragment. */
export function slackMrkdwn(text) {
  const links = [];
  const hold = (html) => `\uE001${links.push(html) - 1}\uE001`;
  const linked = (text ?? '').replace(/<([^<>|]+)(?:\|([^<>]+))?>/g, (_m, target, label) => {
    if (/^(https?:\/\/|mailto:)/i.test(target)) {
      const href = escapeSlack(target);
      return hold(`<a href="${href}" target="_blank" rel="noopener">${escapeSlack(label ?? target)}</a>`);
    }
    // Mentions (<@U…>, <#C…|name>, <!here>) are shown by their label or id.
    return hold(`<span class="mention">${escapeSlack(label ?? target.replace(/^[!#@]/, '@'))}</span>`);
  });
  const html = withCode(escapeSlack(linked), (s) =>
    s
      .replace(/(^|[\s(>\uE001])\*([^*\n]+)\*(?=$|[\s.,;:!?)<\uE001])/gm, '$1<strong>$2</strong>')
      .replace(/(^|[\s(>\uE001])_([^_\n]+)_(?=$|[\s.,;:!?)<\uE001])/gm, '$1<em>$2</em>')
      .replace(/(^|[\s(>\uE001])~([^~\n]+)~(?=$|[\s.,;:!?)<\uE001])/gm, '$1<del>$2</del>')
      .replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>')
      .replace(/\n/g, '<br>'),
  ).replace(/\uE001(\d+)\uE001/g, (_m, i) => links[Number(i)]);
  return fragmentOf(html);
}

/** Plain text (Slack `plain_text`) with line breaks kept. */
export function plainText(text) {
  return fragmentOf(escapeHtml(text ?? '').replace(/\n/g, '<br>'));
}

/** Discord markdown as a document fragment. */
export function discordMarkdown(text) {
  const html = withCode(escapeHtml(text ?? ''), (s) =>
    s
      .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label, url) => {
        return `<a href="${safeHref(url)}" target="_blank" rel="noopener">${label}</a>`;
      })
      .replace(/^### (.*)$/gm, '<strong class="md-h3">$1</strong>')
      .replace(/^## (.*)$/gm, '<strong class="md-h2">$1</strong>')
      .replace(/^# (.*)$/gm, '<strong class="md-h1">$1</strong>')
      .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
      .replace(/__([^_\n]+)__/g, '<u>$1</u>')
      .replace(/(^|[^*\w])\*([^*\n]+)\*(?!\w)/g, '$1<em>$2</em>')
      .replace(/(^|[^_\w])_([^_\n]+)_(?!\w)/g, '$1<em>$2</em>')
      .replace(/~~([^~\n]+)~~/g, '<del>$1</del>')
      .replace(/^-# (.*)$/gm, '<small>$1</small>')
      .replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>')
      .replace(/\n/g, '<br>'),
  );
  return fragmentOf(html);
}
