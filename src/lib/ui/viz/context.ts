import { getContext, setContext } from 'svelte';
import type { LabSession } from '../lab-session';

const KEY = Symbol('metallb-lab:viz-session');

/**
 * The lab the pictures of a page draw from. A lesson page and an embed set it once (the session
 * is built after first paint, hence a getter); step figures read it.
 */
export function setVizSession(get: () => LabSession | null): void {
  setContext(KEY, get);
}

/** The page's lab, or a getter returning null outside a page with a lab. */
export function vizSession(): () => LabSession | null {
  return getContext<(() => LabSession | null) | undefined>(KEY) ?? (() => null);
}
