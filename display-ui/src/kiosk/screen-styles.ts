import { css } from "lit";

/**
 * A kiosk screen whose content scrolls in its own region: the region takes the height the header and
 * the bar leave (the topics, a topic's list, an item, the languages).
 */
export const scrollingScreen = css`
  :host {
    display: flex;
    flex-direction: column;
  }
  gc-scroll-region {
    flex: 1;
  }
`;
