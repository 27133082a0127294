import type { EntryGenerator } from './$types';

// Prerender both homes: `/` (English) and `/ko/` (Korean).
export const entries: EntryGenerator = () => [{ lang: undefined }, { lang: 'ko' }];
