import { el, uid } from "../app/dom";
import { segments, type ConsoleApi } from "./api";
import { rubrics, type Message, type ReviewRequest, type TurnReview } from "./contract";
import { field, showError, showOk, statusLine } from "./view";

/**
 * The coach's review of one reply: a rubric and, optionally, a correction. A correction with a question becomes an
 * approved answer, which the server says in its answer and the form announces.
 */
export function reviewForm(api: ConsoleApi, base: string, message: Message, question: string): HTMLElement {
  const id = uid("review");
  const form = el("form", { "data-console": "review", "aria-labelledby": `${id}-title` });
  form.append(el("h3", { id: `${id}-title` }, "Review this reply"));
  const rubric = el("fieldset", { class: "radios-set" });
  rubric.append(el("legend", {}, "Rubric"));
  const radios = el("div", { class: "radios" });
  for (const option of rubrics) {
    const radio = el("input", { type: "radio", name: "rubric", value: option.value, id: `${id}-${option.value}`, "data-console": `rubric-${option.value}` });
    if (message.review?.rubric === option.value) radio.checked = true;
    const label = el("label", { for: radio.id });
    label.append(radio, option.label);
    radios.append(label);
  }
  rubric.append(radios);
  const correction = el("textarea", { id: `${id}-correction`, name: "correction", rows: "3", "data-console": "review-correction" });
  correction.value = message.review?.correction ?? "";
  const questionInput = el("input", { id: `${id}-question`, name: "question", type: "text", value: question, "data-console": "review-question" });
  const role = el("input", { id: `${id}-role`, name: "roleId", type: "text", placeholder: "e.g. backend-developer", "data-console": "review-role" });
  const region = el("input", { id: `${id}-region`, name: "region", type: "text", placeholder: "e.g. usa", "data-console": "review-region" });
  const answerFields = el("div", { class: "filters" });
  answerFields.append(field("Question it answers", questionInput), field("Role (optional)", role), field("Region (optional)", region));
  const submit = el("button", { type: "submit", "data-console": "review-submit" }, "Save review");
  const actions = el("div", { class: "actions" });
  actions.append(submit);
  const status = statusLine("review-status");
  if (message.review?.approvedAnswerId) showOk(status, `Approved answer ${message.review.approvedAnswerId} in use.`);
  form.append(rubric, field("Correction (with any rubric but accurate, it becomes an approved answer)", correction), answerFields, actions, status);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>("input[name=rubric]:checked");
    if (!chosen) {
      status.className = "status error";
      status.textContent = "Choose a rubric rating first.";
      radios.querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    const request: ReviewRequest = { rubric: chosen.value as ReviewRequest["rubric"] };
    const text = correction.value.trim();
    if (text) request.correction = text;
    if (questionInput.value.trim()) request.question = questionInput.value.trim();
    if (role.value.trim()) request.roleId = role.value.trim();
    if (region.value.trim()) request.region = region.value.trim();
    submit.disabled = true;
    try {
      const review = await api.put<TurnReview>(`${base}/turns/${segments(message.turnId)}/review`, request);
      showOk(status, review.approvedAnswerId ? `Review saved. Approved answer created (${review.approvedAnswerId}).` : "Review saved.");
    } catch (error) {
      showError(status, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
