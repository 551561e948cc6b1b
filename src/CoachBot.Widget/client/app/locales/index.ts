import { ar } from "./ar";
import { de } from "./de";
import { en, type Strings } from "./en";
import { es } from "./es";
import { fr } from "./fr";

export type { Strings };

const locales: Record<string, Strings> = { en, de, es, fr, ar };

/** The widget's language: the page's choice (init `locale`), then the host page's lang, then the browser's; else English. */
export function pickLocale(...candidates: (string | null | undefined)[]): { lang: string; strings: Strings } {
  for (const candidate of candidates) {
    const lang = (candidate ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
    const strings = locales[lang];
    if (strings) return { lang, strings };
  }
  return { lang: "en", strings: en };
}

/** A sentence with "{n}" filled in. */
export function format(text: string, n: number): string {
  return text.replace("{n}", String(n));
}

/** The words in use (a live binding: every module sees the locale chosen when the app starts). */
export let t: Strings = en;
export let lang = "en";

export function useLocale(choice: { lang: string; strings: Strings }): void {
  t = choice.strings;
  lang = choice.lang;
}

/** "14:05" in the visitor's language. */
export function clock(at: Date): string {
  try {
    return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" }).format(at);
  } catch {
    return at.toISOString().slice(11, 16);
  }
}
