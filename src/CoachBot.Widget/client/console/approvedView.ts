import { el } from "../app/dom";
import { segments } from "./api";
import type { ApprovedAnswer } from "./contract";
import { formatTime, showError, showOk, startView, statusLine, type ConsoleView, type ViewContext } from "./view";

/** The answers coaches approved through reviews; the coach bot answers the same question with them. Removing one stops that. */
export function showApprovedAnswers(context: ViewContext): ConsoleView {
  const body = startView(context, "Approved answers");
  const status = statusLine("approved-status");
  status.textContent = "Loading…";
  const list = el("ul", { class: "messages", "data-console": "approved-list" });
  body.append(status, list);
  void context.api.get<ApprovedAnswer[]>("/api/coach/approved-answers").then(
    (items) => {
      status.textContent = items.length === 0 ? "No approved answers yet." : `${items.length} approved answer${items.length === 1 ? "" : "s"}.`;
      for (const item of items) list.append(entry(item));
    },
    (error) => showError(status, error),
  );

  function entry(item: ApprovedAnswer): HTMLLIElement {
    const li = el("li", { class: "message", "data-console": "approved" });
    li.append(el("strong", {}, item.question));
    li.append(el("div", { class: "muted" }, [item.roleId ?? "every role", item.region ?? "every region", `${formatTime(item.createdAt)} by ${item.createdBy}`].join(" · ")));
    li.append(el("p", { class: "text-plain" }, item.answer));
    const remove = el("button", { type: "button", class: "secondary" }, "Remove");
    remove.setAttribute("aria-label", `Remove the approved answer to “${item.question}”`);
    remove.addEventListener("click", async () => {
      try {
        await context.api.delete(`/api/coach/approved-answers/${segments(item.id)}`);
        li.remove();
        showOk(status, "Approved answer removed.");
        body.querySelector("h1")?.focus();
      } catch (error) {
        showError(status, error);
      }
    });
    li.append(remove);
    return li;
  }
  return { dispose() {} };
}
