// Every page is prerendered to static HTML; URLs end with a slash so that relative asset paths
// and static hosts (GitHub Pages) agree.
export const prerender = true;
export const trailingSlash = 'always';
