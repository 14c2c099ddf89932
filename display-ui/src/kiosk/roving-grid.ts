/**
 * Arrow keys in a grid of tiles (roving tabindex): Tab enters the grid on one tile, the arrows move
 * between tiles as they are laid out (left/right along a row, up/down a column), Home and End go to
 * the first and last. One tab stop per grid, so a switch user is not made to step through every tile.
 */

/** The tile `key` moves to from `index` in `count` tiles laid out `columns` to a row; undefined: not ours. */
export function nextIndex(key: string, index: number, count: number, columns: number): number | undefined {
  const last = count - 1;
  const cols = Math.max(1, columns);
  switch (key) {
    case "ArrowRight":
      return Math.min(last, index + 1);
    case "ArrowLeft":
      return Math.max(0, index - 1);
    case "ArrowDown":
      return index + cols <= last ? index + cols : index;
    case "ArrowUp":
      return index - cols >= 0 ? index - cols : index;
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return undefined;
  }
}

/** How many tiles the first row holds, as laid out now (the grid adapts to the screen). */
export function columnsOf(tiles: readonly Element[]): number {
  const top = tiles[0]?.getBoundingClientRect().top;
  if (top === undefined) return 1;
  return Math.max(1, tiles.filter((tile) => Math.abs(tile.getBoundingClientRect().top - top) < 2).length);
}

/**
 * Handles an arrow key on one of `tiles`: focuses the tile it leads to and returns its index, or
 * returns undefined (and leaves the event alone) for any other key.
 */
export function moveFocus(event: KeyboardEvent, tiles: readonly HTMLElement[]): number | undefined {
  const index = tiles.indexOf(event.currentTarget as HTMLElement);
  if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return undefined;
  const next = nextIndex(event.key, index, tiles.length, columnsOf(tiles));
  if (next === undefined) return undefined;
  event.preventDefault();
  tiles[next]?.focus();
  return next;
}
