// A small Markdown renderer that only ever creates elements and text nodes (never parses HTML), so a reply cannot
// inject markup or script whatever it contains; links are kept only for http, https and mailto. It covers what coaching
// replies use: paragraphs, headings, lists, quotes, code, emphasis, links and citation markers [n].
// Streaming: the reply is split into blocks and only blocks whose source changed are rebuilt, so text already shown
// (and any selection in it) stays in place while the last block grows.

export interface Block {
  kind: "p" | "h" | "ul" | "ol" | "quote" | "code" | "hr";
  source: string;
  level?: number;
  lines: string[];
}

const heading = /^(#{1,6})\s+(.*)$/;
const bullet = /^\s{0,3}[-*+]\s+(.*)$/;
const ordered = /^\s{0,3}\d{1,3}[.)]\s+(.*)$/;
const fence = /^\s{0,3}```/;
const rule = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

export function parseBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const start = i;
    if (fence.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !fence.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      blocks.push({ kind: "code", source: lines.slice(start, i).join("\n"), lines: body });
      continue;
    }
    const h = heading.exec(line);
    if (h) {
      blocks.push({ kind: "h", level: h[1]!.length, source: line, lines: [h[2]!] });
      i++;
      continue;
    }
    if (rule.test(line)) {
      blocks.push({ kind: "hr", source: line, lines: [] });
      i++;
      continue;
    }
    const list = bullet.test(line) ? bullet : ordered.test(line) ? ordered : null;
    if (list) {
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim()) {
        const item = list.exec(lines[i]!);
        if (item) items.push(item[1]!);
        else if (items.length) items[items.length - 1] += " " + lines[i]!.trim();
        i++;
      }
      blocks.push({ kind: list === bullet ? "ul" : "ol", source: lines.slice(start, i).join("\n"), lines: items });
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i]!)) body.push(lines[i++]!.replace(/^\s{0,3}>\s?/, ""));
      blocks.push({ kind: "quote", source: lines.slice(start, i).join("\n"), lines: body });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() && !heading.test(lines[i]!) && !fence.test(lines[i]!) && !(body.length && (bullet.test(lines[i]!) || ordered.test(lines[i]!)))) {
      body.push(lines[i++]!.trim());
    }
    blocks.push({ kind: "p", source: lines.slice(start, i).join("\n"), lines: body });
  }
  return blocks;
}

/** Only absolute http(s) and mailto links survive; anything else stays plain text. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:" ? url.href : null;
  } catch {
    return null;
  }
}

function link(text: string, href: string): HTMLAnchorElement {
  const a = document.createElement("a");
  a.href = href;
  a.rel = "noopener noreferrer";
  a.target = "_blank";
  a.textContent = text;
  return a;
}

/**
 * Closes a marker left open (`**`, `__`, a backtick), as in a reply cut mid-way by streaming: the text already
 * written is shown bold or as code at once, and a marker with nothing after it yet is left out, so raw markers never
 * show.
 */
export function balance(text: string): string {
  for (const marker of ["`", "**", "__"]) {
    const parts = text.split(marker);
    if (marker !== "`" && text.includes("`")) continue;
    if (parts.length % 2 === 1) continue;
    const last = text.lastIndexOf(marker);
    text = text.slice(last + marker.length).trim() ? text + marker : text.slice(0, last).trimEnd();
  }
  return text;
}

/** Inline Markdown to nodes: `code`, **strong**, *em* / _em_, [text](url), bare URLs and citation markers [n]. */
export function renderInline(source: string, parent: Node): void {
  const text = balance(source);
  let plain = "";
  const flush = () => {
    if (plain) parent.appendChild(document.createTextNode(plain));
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^`([^`]+)`/.exec(rest))) {
      flush();
      const code = document.createElement("code");
      code.textContent = m[1]!;
      parent.appendChild(code);
    } else if ((m = /^\*\*(?=\S)([\s\S]*?\S)\*\*/.exec(rest)) || (m = /^__(?=\S)([\s\S]*?\S)__/.exec(rest))) {
      flush();
      const strong = document.createElement("strong");
      renderInline(m[1]!, strong);
      parent.appendChild(strong);
    } else if ((m = /^\*(?=[^\s*])([^*]*?[^\s*])\*/.exec(rest)) || (/\W|^$/.test(text[i - 1] ?? "") && (m = /^_(?=\S)([^_]*?\S)_(?!\w)/.exec(rest)))) {
      flush();
      const em = document.createElement("em");
      renderInline(m[1]!, em);
      parent.appendChild(em);
    } else if ((m = /^\[(\d{1,3})\]/.exec(rest))) {
      flush();
      const sup = document.createElement("sup");
      sup.className = "cb-cite-marker";
      sup.dataset.citation = m[1]!;
      sup.textContent = `[${m[1]!}]`;
      parent.appendChild(sup);
    } else if ((m = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest))) {
      const href = safeHref(m[2]!);
      if (href) {
        flush();
        parent.appendChild(link(m[1]!, href));
      } else {
        plain += m[1]!;
      }
    } else if ((m = /^(https?:\/\/[^\s<>()"]*[^\s<>()".,;:!?'])/.exec(rest)) && /\W|^$/.test(text[i - 1] ?? "")) {
      const href = safeHref(m[1]!);
      if (href) {
        flush();
        parent.appendChild(link(m[1]!, href));
      } else {
        plain += m[1]!;
      }
    } else {
      plain += text[i]!;
      i++;
      continue;
    }
    i += m[0].length;
  }
  flush();
}

export function renderBlock(block: Block): HTMLElement {
  switch (block.kind) {
    case "code": {
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      code.textContent = block.lines.join("\n");
      pre.appendChild(code);
      return pre;
    }
    case "h": {
      const h = document.createElement(`h${Math.min(6, (block.level ?? 1) + 2)}`);
      renderInline(block.lines[0] ?? "", h);
      return h;
    }
    case "hr":
      return document.createElement("hr");
    case "ul":
    case "ol": {
      const list = document.createElement(block.kind);
      for (const item of block.lines) {
        const li = document.createElement("li");
        renderInline(item, li);
        list.appendChild(li);
      }
      return list;
    }
    case "quote": {
      const quote = document.createElement("blockquote");
      renderInline(block.lines.join(" "), quote);
      return quote;
    }
    default: {
      const p = document.createElement("p");
      block.lines.forEach((line, index) => {
        if (index > 0) p.appendChild(document.createElement("br"));
        renderInline(line, p);
      });
      return p;
    }
  }
}

/** Renders a growing Markdown text into one container, rebuilding only the blocks that changed. */
export class MarkdownView {
  private rendered: { source: string; kind: string; element: HTMLElement }[] = [];

  constructor(readonly container: HTMLElement) {}

  update(text: string): void {
    const blocks = parseBlocks(text);
    let i = 0;
    for (; i < blocks.length; i++) {
      const block = blocks[i]!;
      const existing = this.rendered[i];
      if (existing && existing.source === block.source && existing.kind === block.kind) continue;
      const element = renderBlock(block);
      if (existing) existing.element.replaceWith(element);
      else this.container.appendChild(element);
      this.rendered[i] = { source: block.source, kind: block.kind, element };
    }
    for (const stale of this.rendered.splice(i)) stale.element.remove();
  }
}
