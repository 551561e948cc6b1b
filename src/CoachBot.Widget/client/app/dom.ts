/** Creates an element with attributes (data-* via "data-…" keys) and text; never parses HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | boolean | undefined> = {}, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  if (text !== undefined) element.textContent = text;
  return element;
}

let counter = 0;

/** An id unique within the widget, for aria-controls / aria-labelledby. */
export function uid(prefix: string): string {
  counter += 1;
  return `cb-${prefix}-${counter}`;
}

const acronyms = new Set(["qa", "sre", "sdet", "ui", "ux", "ml", "ai", "hr", "it", "devops"]);

/** "backend-developer" -> "Backend Developer", "qa-engineer" -> "QA Engineer". */
export function titleCase(id: string): string {
  return id
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => (word === "devops" ? "DevOps" : acronyms.has(word) ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(" ");
}
