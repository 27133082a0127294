import type { EntryGenerator } from './$types';

// Prerender both playgrounds: `/playground/` (English) and `/ko/playground/` (Korean).
export const entries: EntryGenerator = () => [{ lang: undefined }, { lang: 'ko' }];
