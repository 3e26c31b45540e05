// What the shell (main.ts) and the pages share: the route a page is shown for,
// and the cleanup a page registers for when it is left. Its own module so the
// pages never import main.ts, which imports them.

export interface Route {
  name: string;
  params: URLSearchParams;
}

// Whatever a page set up (timers, audio, key handlers) is undone on leaving it.
let leaveCurrent: (() => void) | null = null;

export function onLeave(cleanup: () => void): void {
  const previous = leaveCurrent;
  leaveCurrent = () => {
    previous?.();
    cleanup();
  };
}

// Runs every cleanup the current page registered, once; the shell calls it
// before showing the next page.
export function leavePage(): void {
  const leave = leaveCurrent;
  leaveCurrent = null;
  leave?.();
}
