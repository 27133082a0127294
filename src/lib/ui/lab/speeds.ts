/**
 * The speeds and jumps the time controls offer. Kept apart from lab-session.ts so the page
 * bundle can show the controls without loading the engine (it arrives after first paint).
 */
export type Speed = 0.25 | 0.5 | 1 | 2 | 5 | 10 | 50;
export const SPEEDS: readonly Speed[] = [0.25, 0.5, 1, 2, 5, 10, 50];
/** The jumps (ms of virtual time): +10 s and +60 s. */
export const JUMPS = [10_000, 60_000] as const;
