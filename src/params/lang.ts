import type { ParamMatcher } from '@sveltejs/kit';

// Only non-default languages appear in the URL: `/ko/…`. English is the bare path.
export const match = ((param: string): param is 'ko' => param === 'ko') satisfies ParamMatcher;
