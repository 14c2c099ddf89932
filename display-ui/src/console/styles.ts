/**
 * The console's look: calm and dense enough for a laptop, targets big enough for a tablet (44 px),
 * the kiosk's navy for the frame so operators recognise the product. Every component adopts `base`;
 * fonts per script come from shared/styles.ts `scriptFonts` through the `lang` attribute of each text.
 *
 * Contrast on white: text #17212b 15.8:1, muted #4d5b6a 7.0:1, primary #1f5fa8 6.2:1, danger #b3261e
 * 6.5:1, success #1e6b3a 6.7:1, warning text #7a4b00 on #fff4d6 7.4:1. All pass WCAG AA.
 */
import { css } from "lit";

export const tokens = css`
  :host {
    --c-bg: #eef2f6;
    --c-surface: #ffffff;
    --c-line: #d5dde6;
    --c-line-strong: #aebbc8;
    --c-text: #17212b;
    --c-muted: #4d5b6a;
    --c-primary: #1f5fa8;
    --c-primary-dark: #174a84;
    --c-primary-soft: #e6effa;
    --c-nav: #0b2239;
    --c-nav-active: #1d4a74;
    --c-accent: #ffd166;
    --c-danger: #b3261e;
    --c-danger-soft: #fdecea;
    --c-success: #1e6b3a;
    --c-success-soft: #e5f4ea;
    --c-warning: #7a4b00;
    --c-warning-soft: #fff4d6;
    --radius: 8px;
    --touch: 44px;
    --shadow: 0 1px 2px rgb(16 33 55 / 8%), 0 2px 8px rgb(16 33 55 / 6%);
  }
`;

export const base = css`
  :host {
    display: block;
    color: var(--c-text);
    font-size: 15px;
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  h1 {
    font-size: 24px;
    margin: 0 0 4px;
    line-height: 1.3;
  }
  h2 {
    font-size: 18px;
    margin: 0 0 12px;
    line-height: 1.35;
  }
  h3 {
    font-size: 15px;
    margin: 0 0 8px;
  }
  p {
    margin: 0 0 8px;
  }
  a {
    color: var(--c-primary);
  }
  .lead {
    color: var(--c-muted);
    margin: 0 0 20px;
  }
  .muted {
    color: var(--c-muted);
  }
  .page-head {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 16px;
    flex-wrap: wrap;
    margin-bottom: 16px;
  }
  .card {
    background: var(--c-surface);
    border: 1px solid var(--c-line);
    border-radius: var(--radius);
    box-shadow: var(--shadow);
    padding: 18px 20px;
    margin-bottom: 16px;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 10px;
    flex-wrap: wrap;
  }
  .spacer {
    flex: 1;
  }
  .grid {
    display: grid;
    gap: 16px;
    grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
  }

  /* Buttons: one primary action per screen; danger only for what removes or interrupts. */
  button,
  .button {
    font: inherit;
    font-weight: 600;
    min-height: var(--touch);
    padding: 8px 16px;
    border-radius: var(--radius);
    border: 1px solid var(--c-line-strong);
    background: var(--c-surface);
    color: var(--c-text);
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    white-space: nowrap;
    touch-action: manipulation;
  }
  button:hover,
  .button:hover {
    background: #f4f7fa;
  }
  button:focus-visible,
  .button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--c-primary);
    outline-offset: 2px;
  }
  button[disabled] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button.primary,
  .button.primary {
    background: var(--c-primary);
    border-color: var(--c-primary);
    color: #ffffff;
  }
  button.primary:hover:not([disabled]) {
    background: var(--c-primary-dark);
  }
  button.danger {
    background: var(--c-danger);
    border-color: var(--c-danger);
    color: #ffffff;
  }
  button.danger:hover:not([disabled]) {
    background: #8f1e18;
  }
  button.ghost {
    border-color: transparent;
    background: transparent;
    color: var(--c-primary);
  }
  button.small {
    min-height: 36px;
    padding: 4px 10px;
    font-size: 14px;
  }
  button.icon {
    min-width: var(--touch);
    padding: 4px;
  }

  /* Forms: the label above the field, the server's error right under it. */
  label,
  .label {
    display: block;
    font-weight: 600;
    font-size: 14px;
    margin-bottom: 4px;
  }
  .field {
    margin-bottom: 14px;
  }
  .hint {
    font-size: 13px;
    color: var(--c-muted);
    margin-top: 4px;
  }
  .error {
    color: var(--c-danger);
    font-size: 14px;
    margin-top: 4px;
    font-weight: 600;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--c-text);
    background: #ffffff;
    border: 1px solid var(--c-line-strong);
    border-radius: 6px;
    padding: 8px 10px;
    min-height: var(--touch);
    width: 100%;
  }
  input[type="checkbox"],
  input[type="radio"] {
    width: 20px;
    height: 20px;
    min-height: 0;
    margin: 0;
    accent-color: var(--c-primary);
  }
  textarea {
    resize: vertical;
    min-height: 180px;
    line-height: 1.55;
  }
  [aria-invalid="true"] {
    border-color: var(--c-danger);
    box-shadow: 0 0 0 1px var(--c-danger);
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    font-weight: 400;
    min-height: 36px;
    margin: 0 14px 0 0;
    cursor: pointer;
  }

  /* Tables for lists; rows wrap into cards on a narrow tablet. */
  table {
    width: 100%;
    border-collapse: collapse;
    background: var(--c-surface);
  }
  th,
  td {
    text-align: left;
    padding: 10px 12px;
    border-bottom: 1px solid var(--c-line);
    vertical-align: top;
  }
  th {
    font-size: 13px;
    color: var(--c-muted);
    font-weight: 700;
    background: #f6f8fa;
    white-space: nowrap;
  }
  tbody tr:hover {
    background: #f8fafc;
  }
  .table-wrap {
    overflow-x: auto;
    border: 1px solid var(--c-line);
    border-radius: var(--radius);
    background: var(--c-surface);
    box-shadow: var(--shadow);
  }
  .table-wrap table {
    border: 0;
  }
  .table-wrap tr:last-child td {
    border-bottom: 0;
  }

  /* Small status marks. */
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 12px;
    font-weight: 700;
    padding: 2px 8px;
    border-radius: 999px;
    background: #e9eef3;
    color: var(--c-muted);
    white-space: nowrap;
    line-height: 1.6;
  }
  .badge.ok {
    background: var(--c-success-soft);
    color: var(--c-success);
  }
  .badge.warn {
    background: var(--c-warning-soft);
    color: var(--c-warning);
  }
  .badge.bad {
    background: var(--c-danger-soft);
    color: var(--c-danger);
  }
  .badge.info {
    background: var(--c-primary-soft);
    color: var(--c-primary-dark);
  }
  .notice {
    border-radius: var(--radius);
    padding: 12px 14px;
    margin-bottom: 16px;
    border: 1px solid var(--c-line);
    background: var(--c-primary-soft);
  }
  .notice.warn {
    background: var(--c-warning-soft);
    border-color: #f0d08a;
    color: var(--c-warning);
  }
  .notice.bad {
    background: var(--c-danger-soft);
    border-color: #f1b5b0;
    color: var(--c-danger);
  }
  .notice.ok {
    background: var(--c-success-soft);
    border-color: #a9d5b7;
    color: var(--c-success);
  }
  /* Figures at the top of a screen (overview, reports): a big number over what it counts. */
  .stats {
    display: grid;
    gap: 12px;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    margin-bottom: 16px;
  }
  .stat {
    background: var(--c-surface);
    border: 1px solid var(--c-line);
    border-radius: var(--radius);
    padding: 14px 16px;
    box-shadow: var(--shadow);
  }
  .stat b {
    display: block;
    font-size: 26px;
  }
  .stat span {
    color: var(--c-muted);
    font-size: 13px;
  }

  /* The save bar of a long form: it stays in reach at the bottom of the window. */
  .action-bar {
    position: sticky;
    bottom: 0;
    z-index: 2;
    display: flex;
    gap: 10px;
    flex-wrap: wrap;
    align-items: center;
    padding: 12px 16px;
    margin: 0 -4px;
    background: rgb(238 242 246 / 94%);
    border-top: 1px solid var(--c-line);
  }
  .empty {
    padding: 28px;
    text-align: center;
    color: var(--c-muted);
  }
  code,
  .mono {
    font-family: ui-monospace, "DejaVu Sans Mono", monospace;
    font-size: 13px;
  }
  /* Read by a screen reader, not drawn: the name of a column of buttons, say. */
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
