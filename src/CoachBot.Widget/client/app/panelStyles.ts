/** The panel's styles, added to the shadow root when the app loads. px only, so the host page's root font size has no effect. */
export const panelCss = `
.cb-panel {
  position: fixed; bottom: 84px; right: 20px; z-index: 2147483000; box-sizing: border-box;
  width: 380px; height: min(640px, calc(100vh - 108px)); display: flex; flex-direction: column; overflow: hidden;
  background: var(--cb-bg); color: var(--cb-fg); border: 1px solid var(--cb-border); border-radius: 16px;
  box-shadow: 0 16px 48px rgba(0,0,0,.24); transform-origin: bottom right; animation: cb-in .18s ease-out;
}
.cb-panel[hidden] { display: none; }
.cb-surface[data-position=bottom-left] .cb-panel { right: auto; left: 20px; transform-origin: bottom left; }
.cb-surface[data-mode=frame] .cb-panel { inset: 0; width: 100%; height: 100%; border: 0; border-radius: 0; box-shadow: none; animation: none; }
@keyframes cb-in { from { opacity: 0; transform: translateY(8px) scale(.98); } to { opacity: 1; transform: none; } }
.cb-panel *, .cb-panel *::before, .cb-panel *::after { box-sizing: border-box; }
/* Without weight (:where) so that each control's own class sets its color and font over this reset. */
:where(.cb-panel) :where(button, textarea, input) { font: inherit; color: inherit; letter-spacing: inherit; }
.cb-panel :focus-visible { outline: 3px solid var(--cb-accent); outline-offset: 2px; }
.cb-header { flex: none; display: flex; align-items: center; gap: 4px; padding: 8px 8px 8px 12px; background: var(--cb-primary); color: var(--cb-on-primary); }
.cb-avatar { width: 30px; height: 30px; margin-inline-end: 4px; flex: none; border-radius: 50%; object-fit: cover; display: grid; place-items: center;
  background: rgba(255,255,255,.25); font-weight: 700; font-size: 16px; }
.cb-heading { flex: 1; min-width: 0; }
/* Up to three lines (one on short screens), so a longer title is not cut after a few words. */
.cb-title { margin: 0; font-size: 15px; line-height: 18px; font-weight: 700; overflow: hidden; overflow-wrap: break-word;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; }
.cb-icon-button { flex: none; width: 30px; height: 30px; display: grid; place-items: center; border: 0; border-radius: 8px; margin: 0; padding: 0;
  background: transparent; color: inherit; cursor: pointer; }
.cb-icon-button:hover, .cb-icon-button[aria-expanded=true] { background: rgba(255,255,255,.2); }
.cb-icon-button svg { width: 20px; height: 20px; fill: currentColor; }
.cb-header :focus-visible { outline-color: var(--cb-on-primary); }
.cb-surface[data-mode=frame] [data-cb=close] { display: none; }
.cb-banner { display: flex; align-items: center; gap: 8px; padding: 8px 14px; font-size: 13px; background: #fef3c7; color: #78350f; }
.cb-banner[hidden] { display: none; }
.cb-banner[data-state=disconnected] { background: #fee2e2; color: #7f1d1d; }
.cb-banner span { flex: 1; }
.cb-error { margin: 8px 12px 0; padding: 8px 12px; border-radius: 8px; background: #fee2e2; color: #7f1d1d; font-size: 13px; }
.cb-error[hidden] { display: none; }
.cb-body { position: relative; flex: 1; min-height: 0; display: flex; flex-direction: column; }
.cb-messages { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; overscroll-behavior: contain; }
.cb-messages[hidden] { display: none; }
.cb-welcome { margin: auto 0 0; display: flex; flex-direction: column; gap: 10px; }
.cb-welcome p { margin: 0; padding: 8px 12px; border-radius: 14px; border-end-start-radius: 4px; background: var(--cb-bubble); align-self: flex-start; max-width: 88%; }
.cb-suggestions { display: flex; flex-direction: column; align-items: flex-end; gap: 6px; }
.cb-suggestion { padding: 6px 12px; margin: 0; border: 1px solid var(--cb-accent); border-radius: 999px; background: var(--cb-bg); color: var(--cb-fg); cursor: pointer; font-size: 13px; text-align: end; }
.cb-suggestion:hover { background: var(--cb-soft); }
.cb-message { max-width: 88%; padding: 8px 12px; border-radius: 14px; overflow-wrap: anywhere; }
.cb-user { align-self: flex-end; background: var(--cb-primary); color: var(--cb-on-primary); border-end-end-radius: 4px; white-space: pre-wrap; }
.cb-assistant { align-self: flex-start; background: var(--cb-bubble); border-end-start-radius: 4px; }
.cb-coach { align-self: flex-start; background: var(--cb-bubble); border-inline-start: 4px solid var(--cb-primary); border-end-start-radius: 4px; white-space: pre-wrap; }
.cb-coach-label { display: block; font-weight: 600; font-size: 0.85em; margin-block-end: 2px; }
.cb-time { display: block; margin-top: 2px; font-size: 11px; line-height: 14px; opacity: 1; color: var(--cb-muted); text-align: end; white-space: normal; }
.cb-user .cb-time { color: inherit; }
.cb-actions { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 4px; margin-top: 6px; }
.cb-jump { position: absolute; bottom: 8px; left: 50%; transform: translateX(-50%); padding: 5px 12px; margin: 0; border: 0; border-radius: 999px;
  background: var(--cb-primary); color: var(--cb-on-primary); font-size: 13px; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
.cb-jump[hidden] { display: none; }
.cb-text p, .cb-text ul, .cb-text ol, .cb-text pre, .cb-text blockquote { margin: 0 0 8px; }
.cb-text > :last-child { margin-bottom: 0; }
.cb-text ul, .cb-text ol { padding-inline-start: 20px; }
.cb-text h3, .cb-text h4, .cb-text h5, .cb-text h6, .cb-text h7, .cb-text h8 { margin: 4px 0 6px; font-size: 14px; font-weight: 700; }
.cb-text code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; background: var(--cb-soft); padding: 1px 4px; border-radius: 4px; }
.cb-text pre { padding: 8px; background: var(--cb-soft); border-radius: 8px; overflow-x: auto; }
.cb-text pre code { padding: 0; background: none; }
.cb-text blockquote { padding-inline-start: 10px; border-inline-start: 3px solid var(--cb-border); color: var(--cb-muted); }
.cb-text a { color: var(--cb-accent); text-decoration: underline; }
.cb-surface[data-scheme=dark] .cb-text a { color: #93c5fd; }
.cb-cite-marker { font-size: 10px; color: var(--cb-muted); cursor: pointer; }
.cb-thinking { display: flex; gap: 4px; padding: 6px 0; }
.cb-dot { width: 7px; height: 7px; border-radius: 50%; background: var(--cb-muted); animation: cb-blink 1.2s infinite ease-in-out; }
.cb-dot:nth-child(2) { animation-delay: .15s; } .cb-dot:nth-child(3) { animation-delay: .3s; }
@keyframes cb-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
.cb-sr { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.cb-note { margin: 6px 0 0; font-size: 12px; color: var(--cb-muted); font-style: italic; }
.cb-failed { color: #b91c1c; font-style: normal; display: flex; flex-direction: column; align-items: flex-start; gap: 6px; }
.cb-failed .cb-small-button { color: var(--cb-fg); }
.cb-citations { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.cb-citation { display: contents; }
.cb-chip { display: inline-flex; align-items: center; gap: 6px; max-width: 100%; padding: 3px 10px 3px 4px; margin: 0; border: 1px solid var(--cb-border);
  border-radius: 999px; background: var(--cb-bg); font-size: 12px; line-height: 16px; cursor: pointer; text-align: start; }
.cb-chip[aria-expanded=true] { border-color: var(--cb-accent); }
.cb-chip-n { display: inline-grid; place-items: center; min-width: 18px; height: 18px; border-radius: 50%; background: var(--cb-soft); font-size: 11px; }
.cb-citation-detail { flex-basis: 100%; padding: 8px 10px; border-radius: 8px; background: var(--cb-bg); border: 1px solid var(--cb-border); font-size: 12px; }
.cb-citation-detail[hidden] { display: none; }
.cb-citation-passage { margin: 0 0 6px; padding-inline-start: 8px; border-inline-start: 3px solid var(--cb-accent, var(--cb-border)); white-space: pre-line; }
.cb-citation-detail dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
.cb-citation-detail dt { color: var(--cb-muted); } .cb-citation-detail dd { margin: 0; }
.cb-feedback { margin: 0; }
.cb-feedback-row { display: flex; gap: 4px; }
.cb-thumb { display: grid; place-items: center; width: 30px; height: 28px; margin: 0; padding: 0; border: 1px solid transparent; border-radius: 6px;
  background: transparent; color: var(--cb-muted); cursor: pointer; }
.cb-thumb svg { width: 16px; height: 16px; fill: currentColor; }
.cb-thumb-down svg { transform: rotate(180deg); }
.cb-thumb:hover { color: var(--cb-fg); }
.cb-thumb[aria-pressed=true] { color: var(--cb-accent); border-color: var(--cb-accent); background: var(--cb-bg); }
.cb-feedback-form { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; }
.cb-feedback-form[hidden], .cb-thanks[hidden], .cb-profile[hidden], .cb-saved[hidden] { display: none; }
.cb-feedback-comment, .cb-field input, .cb-field textarea { width: 100%; padding: 6px 8px; border: 1px solid var(--cb-field); font-size: 16px; border-radius: 8px; background: var(--cb-bg); resize: vertical; }
.cb-thanks { margin: 6px 0 0; font-size: 12px; color: var(--cb-muted); }
.cb-small-button { align-self: flex-start; padding: 5px 12px; margin: 0; border: 1px solid var(--cb-border); border-radius: 8px; background: var(--cb-bg); cursor: pointer; font-size: 13px; }
.cb-primary-button { padding: 6px 16px; margin: 0; border: 0; border-radius: 8px; background: var(--cb-primary); color: var(--cb-on-primary); cursor: pointer; font-weight: 600; }
.cb-composer { flex: none; display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--cb-border); background: var(--cb-bg); }
/* 16 px: iOS zooms the page into any smaller text field. */
.cb-input { flex: 1; min-width: 0; min-height: 40px; max-height: 140px; padding: 8px 12px; margin: 0; border: 1px solid var(--cb-field); border-radius: 12px; resize: none;
  background: var(--cb-bg); font-size: 16px; line-height: 22px; }
.cb-counter { flex-basis: 100%; margin: -4px 0 0; font-size: 12px; line-height: 16px; color: var(--cb-muted); text-align: end; }
.cb-counter[data-low=true] { color: #b91c1c; font-weight: 600; }
.cb-surface[data-scheme=dark] .cb-counter[data-low=true] { color: #fca5a5; }
.cb-counter[hidden] { display: none; }
.cb-send, .cb-stop { flex: none; height: 40px; padding: 0 14px; margin: 0; border: 0; border-radius: 12px; cursor: pointer; font-weight: 600; }
.cb-send { background: var(--cb-primary); color: var(--cb-on-primary); }
.cb-send:disabled { background: var(--cb-soft); color: var(--cb-muted); border: 1px solid var(--cb-border); cursor: default; }
.cb-stop { background: var(--cb-soft); color: var(--cb-fg); border: 1px solid var(--cb-border); }
.cb-send[hidden], .cb-stop[hidden] { display: none; }
.cb-profile { flex: 1; overflow-y: auto; padding: 14px; }
.cb-profile-intro { margin: 0 0 12px; color: var(--cb-muted); font-size: 13px; }
.cb-profile-form { display: flex; flex-direction: column; gap: 10px; }
.cb-field { display: flex; flex-direction: column; gap: 4px; }
.cb-field label { font-weight: 600; font-size: 13px; }
.cb-field small { color: var(--cb-muted); font-size: 12px; }
.cb-profile-actions { display: flex; align-items: center; gap: 8px; }
.cb-saved { color: #15803d; font-size: 13px; font-weight: 600; }
.cb-surface[data-scheme=dark] .cb-saved { color: #4ade80; }
.cb-surface[data-scheme=dark] .cb-failed { color: #fca5a5; }
.cb-conversation-list { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.cb-conversation-list[hidden], .cb-reader[hidden] { display: none; }
.cb-conversation { width: 100%; display: flex; flex-direction: column; gap: 2px; padding: 8px 10px; margin: 0; border: 1px solid var(--cb-border); border-radius: 10px;
  background: var(--cb-bg); cursor: pointer; text-align: start; }
.cb-conversation:hover { background: var(--cb-soft); }
.cb-conversation-title { font-weight: 600; overflow-wrap: anywhere; }
.cb-conversation-date { font-size: 12px; color: var(--cb-muted); }
.cb-reader { display: flex; flex-direction: column; gap: 8px; margin-top: 8px; }
.cb-read-only { padding: 0; overflow: visible; }
.cb-earlier { align-self: center; padding: 5px 12px; margin: 0; border: 1px solid var(--cb-border); border-radius: 999px; background: var(--cb-bg); cursor: pointer; font-size: 13px; }
.cb-earlier:hover { background: var(--cb-soft); }
/* Narrow or short screens (a phone upright or on its side, a page zoomed to 400%): the panel fills the screen. */
@media (max-width: 480px), (max-height: 500px) {
  .cb-panel, .cb-surface[data-position=bottom-left] .cb-panel { inset: 0; width: 100%; height: 100%; max-height: none; border: 0; border-radius: 0; }
}
@media (max-height: 500px) {
  .cb-header { padding: 4px 8px; gap: 6px; }
  .cb-avatar { width: 26px; height: 26px; font-size: 13px; }
  .cb-title { -webkit-line-clamp: 1; }
  .cb-messages { padding: 8px 10px; gap: 6px; }
  .cb-composer { padding: 6px 8px; }
  .cb-input { min-height: 36px; padding: 6px 10px; }
  .cb-send, .cb-stop { height: 36px; }
  /* Suggestions in one row that scrolls sideways, so they never cover the conversation. */
  .cb-suggestions { flex-direction: row; flex-wrap: nowrap; overflow-x: auto; align-items: center; padding-bottom: 2px; }
  .cb-suggestion { flex: none; white-space: nowrap; }
}
@media (max-height: 300px) {
  .cb-avatar-slot { display: none; }
  .cb-icon-button { width: 28px; height: 28px; }
  .cb-welcome p { display: none; }
}
/* Reduced motion: the launcher's styles turn every animation and transition of the widget off. */
@media (prefers-reduced-motion: reduce) { .cb-dot { opacity: .6; } }
`;
