import { css, html } from "lit";

/**
 * The amber band over an emergency notice, kiosk and screen alike: a warning sign, and a blink between
 * amber and white (none for those who asked the system for less motion). The component's `header` is
 * the band.
 */
export const alertBand = css`
  header {
    animation: blink 1.6s steps(1, end) infinite;
  }
  @keyframes blink {
    50% {
      background: #ffffff;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    header {
      animation: none;
    }
  }
`;

export const alertIcon = html`<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true">
  <path d="M12 2.5 1.5 21h21z" fill="#000" /><path d="M12 9v5.5M12 17.2v.3" stroke="#ffb703" stroke-width="2.4" stroke-linecap="round" />
</svg>`;
