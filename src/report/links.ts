// Absolute links for the reports read outside a checkout (SARIF viewers, HTML, Markdown): the docs pages at the
// project's repository. Kept equal to package.json's `repository` by tests/report/links.test.ts.
export const REPOSITORY_URL = 'https://github.com/arcdoctor/arcdoctor';

/** The page of a docs path relative to the repository root (`docs/checks/OSM004.md`), on the main branch. */
export function docsUrl(relative: string): string {
  return `${REPOSITORY_URL}/blob/main/${relative.replace(/^\/+/, '')}`;
}
