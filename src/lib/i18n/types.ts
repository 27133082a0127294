import type { en } from './en';

/** The shape of the UI dictionary: English defines it, every language must match it exactly. */
export type Messages = typeof en;

export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];
