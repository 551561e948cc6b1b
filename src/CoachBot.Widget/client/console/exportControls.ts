import { el, uid } from "../app/dom";
import type { ConsoleApi, Query } from "./api";
import { saveFile, showError, showOk, statusLine } from "./view";

const formats: [string, string][] = [
  ["json", "JSON"],
  ["csv", "CSV"],
  ["md", "Markdown"],
];

/** Export buttons (JSON, CSV, Markdown) with a redaction switch, on by default, for the given API path and filters. */
export function exportControls(api: ConsoleApi, label: string, path: string, filters: () => Query, fileStem: string): HTMLElement {
  const group = el("fieldset", { "data-console": "export" });
  group.append(el("legend", {}, label));
  const redactId = uid("redact");
  const redact = el("input", { type: "checkbox", id: redactId, checked: true, "data-console": "export-redact" });
  const redactLabel = el("label", { for: redactId, class: "inline" }, " Redact personal details");
  redactLabel.prepend(redact);
  const actions = el("div", { class: "actions" });
  const status = statusLine("export-status");
  for (const [format, text] of formats) {
    const button = el("button", { type: "button", class: "secondary", "data-console": `export-${format}` }, `Export ${text}`);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const file = await api.download(path, { ...filters(), format, redact: redact.checked }, `${fileStem}.${format}`);
        saveFile(file.blob, file.name);
        showOk(status, `Exported ${text}${redact.checked ? ", redacted" : ""}.`);
      } catch (error) {
        showError(status, error);
      } finally {
        button.disabled = false;
      }
    });
    actions.append(button);
  }
  group.append(redactLabel, actions, status);
  return group;
}
