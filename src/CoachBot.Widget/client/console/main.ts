// The coach console: a page at /console whose views are chosen by the location's hash, so the server serves one page and
// a reload or a shared link opens the same view.
import { el } from "../app/dom";
import { ApiError, ConsoleApi } from "./api";
import { showAnalytics } from "./analyticsView";
import { showApprovedAnswers } from "./approvedView";
import { showLive } from "./liveView";
import { showSearch } from "./searchView";
import { forgetToken, storedToken, storeToken } from "./staffSession";
import { showTranscript } from "./transcriptView";
import type { ConsoleView } from "./view";

const main = document.getElementById("main")!;
const nav = document.getElementById("console-nav")!;
const signOutButton = document.getElementById("sign-out") as HTMLButtonElement;
let current: ConsoleView | null = null;
let signInMessage = "";

const api = new ConsoleApi(storedToken, (status, code, message) => {
  forgetToken();
  signInMessage =
    status === 401
      ? `You were signed out: ${message} (${code}). Sign in again with a valid coach token.`
      : `This token may not use the coach console: ${message} (${code}). Sign in with a token that has the coach role.`;
  route();
});

function signOut(): void {
  forgetToken();
  signInMessage = "You signed out.";
  location.hash = "#/sign-in";
  route();
}

function showSignIn(): void {
  nav.hidden = true;
  signOutButton.hidden = true;
  document.title = "Sign in · CoachBot coach console";
  const section = el("section", { class: "signin card", "aria-labelledby": "signin-title" });
  section.append(el("h1", { id: "signin-title", tabindex: "-1", "data-console": "title" }, "Sign in"));
  const status = el("p", { class: signInMessage ? "error" : "muted", role: "alert", "data-console": "signin-message" },
    signInMessage || "Paste the staff token your organization's identity provider issued you (role coach).");
  const form = el("form", { novalidate: true });
  const field = el("div", { class: "field" });
  field.append(el("label", { for: "signin-token" }, "Staff token or key"), el("textarea", { id: "signin-token", name: "token", rows: "5", required: true, autocomplete: "off", spellcheck: "false" }));
  const submit = el("button", { type: "submit" }, "Sign in");
  form.append(field, el("div", { class: "actions" }));
  form.lastElementChild!.append(submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = (form.elements.namedItem("token") as HTMLTextAreaElement).value.trim();
    if (!token) {
      status.className = "error";
      status.textContent = "Enter a token to sign in.";
      return;
    }
    storeToken(token);
    signInMessage = "";
    location.hash = "#/conversations";
    route();
  });
  section.append(status, form);
  main.replaceChildren(section);
  (document.getElementById("signin-token") as HTMLTextAreaElement).focus();
}

function markCurrent(name: string): void {
  for (const link of nav.querySelectorAll<HTMLAnchorElement>("a[data-route]")) {
    if (link.dataset.route === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Shows the view the hash names; everything but sign-in needs a token. */
function route(): void {
  current?.dispose();
  current = null;
  if (!storedToken()) {
    showSignIn();
    return;
  }
  nav.hidden = false;
  signOutButton.hidden = false;
  const hash = location.hash.replace(/^#\/?/, "");
  const [path = "", search = ""] = hash.split("?", 2);
  const parts = path.split("/").filter(Boolean).map((part) => decodeURIComponent(part));
  const query = new URLSearchParams(search);
  const context = { api, main, query, navigate: (to: string) => (location.hash = to) };
  const [name = "conversations", a, b] = parts;
  markCurrent(name === "conversation" || name === "live" ? "conversations" : name);
  if (name === "conversation" && a && b) current = showTranscript(context, a, b);
  else if (name === "live" && a) current = showLive(context, a, query.get("conversation"));
  else if (name === "analytics") current = showAnalytics(context);
  else if (name === "approved-answers") current = showApprovedAnswers(context);
  else current = showSearch(context);
}

signOutButton.addEventListener("click", signOut);
document.querySelector<HTMLAnchorElement>("a.skip")!.addEventListener("click", (event) => {
  // The hash names the view, so the skip link moves focus instead of navigating.
  event.preventDefault();
  main.focus();
});
window.addEventListener("hashchange", route);
window.addEventListener("unhandledrejection", (event) => {
  if (event.reason instanceof ApiError) event.preventDefault();
});
route();
