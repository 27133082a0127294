import type { EntryGenerator } from './$types';

// Prerender both lesson indexes: `/lessons/` (English) and `/ko/lessons/` (Korean).
export const entries: EntryGenerator = () => [{ lang: undefined }, { lang: 'ko' }];
