/**
 * The launcher's styles. `:host { all: initial !important }` cuts every inherited or host-page rule off at the widget's
 * element (important declarations from inside a shadow root win over the page's), and only px units are used, so the
 * page's root font size cannot scale the widget either.
 */
export const launcherCss = `
:host { all: initial !important; display: block !important; }
.cb-surface {
  --cb-primary: #2563eb; --cb-on-primary: #ffffff; --cb-accent: #2563eb;
  --cb-bg: #ffffff; --cb-fg: #111827; --cb-muted: #4b5563; --cb-border: #e5e7eb; --cb-field: #6b7280; --cb-soft: #f3f4f6; --cb-bubble: #f3f4f6;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 14px; line-height: 20px; color: var(--cb-fg); font-weight: 400; letter-spacing: normal; text-align: start;
}
.cb-surface[data-scheme=dark] {
  --cb-bg: #111827; --cb-fg: #f9fafb; --cb-muted: #9ca3af; --cb-border: #374151; --cb-field: #9ca3af; --cb-soft: #1f2937; --cb-bubble: #1f2937;
}
.cb-launcher {
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; box-sizing: border-box;
  display: inline-flex; align-items: center; gap: 8px; height: 52px; min-width: 52px; max-width: 280px; padding: 0 18px 0 14px;
  border: 0; border-radius: 26px; margin: 0; cursor: pointer;
  background: var(--cb-primary); color: var(--cb-on-primary); font: 600 15px/20px inherit; font-family: inherit;
  box-shadow: 0 6px 20px rgba(0,0,0,.22); transition: transform .15s ease, box-shadow .15s ease;
}
.cb-surface[data-position=bottom-left] .cb-launcher { right: auto; left: 20px; }
.cb-launcher:hover { transform: translateY(-1px); box-shadow: 0 8px 24px rgba(0,0,0,.26); }
.cb-launcher:focus-visible { outline: 3px solid var(--cb-fg); outline-offset: 3px; }
.cb-launcher svg { width: 24px; height: 24px; flex: none; fill: currentColor; }
.cb-launcher span { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.cb-launcher[aria-busy=true] { cursor: progress; opacity: .85; }
.cb-surface[data-mode=frame] .cb-launcher { display: none; }
.cb-unread { min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #b91c1c; color: #fff; font: 700 12px/20px inherit; font-family: inherit; text-align: center; }
.cb-launcher .cb-unread { display: inline-block; }
@media (max-width: 480px) { .cb-launcher span { display: none; } .cb-launcher { padding: 0 14px; } }
@media (prefers-reduced-motion: reduce) {
  .cb-surface, .cb-surface *, .cb-surface *::before, .cb-surface *::after { animation: none !important; transition: none !important; }
  .cb-launcher:hover { transform: none; }
}
`;

export const chatIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.25 1.25 0 1 0 0 2.5A1.25 1.25 0 0 0 7 10zm5 0a1.25 1.25 0 1 0 0 2.5A1.25 1.25 0 0 0 12 10zm5 0a1.25 1.25 0 1 0 0 2.5A1.25 1.25 0 0 0 17 10z"/></svg>';
export const closeIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z"/></svg>';
