import type { CareerProfile, ProfileUpdate } from "./contract";
import { t } from "./locales";
import { el, uid } from "./dom";

type Field = "target-role" | "level" | "years" | "skills" | "goals";

/** "What CoachBot knows about you": the career profile, editable, following changes made elsewhere. */
export class ProfileView {
  readonly element: HTMLElement;
  private readonly inputs = new Map<Field, HTMLInputElement | HTMLTextAreaElement>();
  private readonly saved: HTMLElement;
  private readonly saveButton: HTMLButtonElement;
  private profile: CareerProfile | null = null;
  private dirty = false;

  constructor(
    private readonly save: (update: ProfileUpdate) => Promise<CareerProfile>,
    close: () => void,
  ) {
    this.element = el("section", { class: "cb-profile", "data-cb": "profile", hidden: true, "aria-label": t.profile });
    const intro = el("p", { class: "cb-profile-intro" }, t.profileIntro);
    const form = el("form", { class: "cb-profile-form", novalidate: true });
    const field = (name: Field, label: string, input: HTMLInputElement | HTMLTextAreaElement, hint?: string) => {
      const id = uid(name);
      input.id = id;
      input.dataset.cb = "profile-" + name;
      input.addEventListener("input", () => {
        this.dirty = true;
        this.saved.hidden = true;
      });
      this.inputs.set(name, input);
      const wrapper = el("div", { class: "cb-field" });
      wrapper.append(el("label", { for: id }, label), input);
      if (hint) wrapper.append(el("small", {}, hint));
      form.append(wrapper);
    };
    field("target-role", t.targetRole, el("input", { type: "text", maxlength: "120", autocomplete: "off", placeholder: t.targetRoleExample }));
    field("level", t.level, el("input", { type: "text", maxlength: "120", autocomplete: "off", placeholder: t.levelExample }));
    field("years", t.years, el("input", { type: "number", min: "0", max: "60", step: "0.5", inputmode: "decimal" }));
    field("skills", t.skills, el("input", { type: "text", autocomplete: "off", placeholder: t.skillsExample }), t.skillsHint);
    field("goals", t.goals, el("textarea", { rows: "3", placeholder: t.goalsExample }), t.goalsHint);
    const actions = el("div", { class: "cb-profile-actions" });
    this.saveButton = el("button", { type: "submit", class: "cb-primary-button", "data-cb": "profile-save" }, t.save);
    const back = el("button", { type: "button", class: "cb-small-button" }, t.backToChat);
    back.addEventListener("click", close);
    this.saved = el("span", { class: "cb-saved", "data-cb": "profile-saved", role: "status", hidden: true }, t.saved);
    actions.append(this.saveButton, back, this.saved);
    form.append(actions);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.element.append(intro, form);
  }

  get isLoaded(): boolean {
    return this.profile !== null;
  }

  /** Shows a profile; a push from elsewhere does not overwrite what the user is typing. */
  show(profile: CareerProfile, force = false): void {
    this.profile = profile;
    if (this.dirty && !force) return;
    this.dirty = false;
    this.value("target-role", profile.targetRole ?? "");
    this.value("level", profile.level ?? "");
    this.value("years", profile.yearsOfExperience == null ? "" : String(profile.yearsOfExperience));
    this.value("skills", (profile.skills ?? []).map((s) => s.name).join(", "));
    this.value("goals", (profile.goals ?? []).join("\n"));
  }

  focusFirst(): void {
    this.inputs.get("target-role")?.focus();
  }

  private value(field: Field, value: string): void {
    this.inputs.get(field)!.value = value;
  }

  private read(field: Field): string {
    return this.inputs.get(field)!.value.trim();
  }

  private update(): ProfileUpdate {
    const known = new Map((this.profile?.skills ?? []).map((s) => [s.name.toLowerCase(), s.proficiency ?? null]));
    const skills = [...new Set(this.read("skills").split(",").map((s) => s.trim()).filter(Boolean))];
    const years = this.read("years");
    return {
      targetRole: this.read("target-role"),
      level: this.read("level"),
      yearsOfExperience: years === "" ? -1 : Number(years),
      skills: skills.map((name) => ({ name, proficiency: known.get(name.toLowerCase()) ?? null })),
      goals: this.read("goals").split("\n").map((g) => g.trim()).filter(Boolean),
    };
  }

  private async submit(): Promise<void> {
    this.saveButton.disabled = true;
    this.saved.hidden = true;
    try {
      const profile = await this.save(this.update());
      this.dirty = false;
      this.show(profile, true);
      this.saved.hidden = false;
    } catch {
      // The panel shows the refusal in its alert.
    } finally {
      this.saveButton.disabled = false;
    }
  }
}
