import { lessons } from '../../../lessons';
import { lessonCard } from '$lib/ui/lesson/catalog';
import type { PageServerLoad } from './$types';

// Runs at prerender time only: the page gets titles, summaries and goal ids, not the lessons' text.
export const load: PageServerLoad = () => ({ lessons: lessons.map(lessonCard) });
