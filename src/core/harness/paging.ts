/** Harness's page parameters and "every page" iteration (docs/harness-contract.md, "Service account endpoints", PageRequest / PageResponse). */
import type { QueryValue } from './transport';
import type { PageParams, PageResponse } from './types';

/** Page size for "fetch every page" helpers; Harness allows at most 100. */
export const FULL_PAGE = 100;
/** Stop following pages after this many, so a misbehaving `totalPages` cannot loop forever. */
const MAX_PAGES = 50;

export function paging(p: PageParams): Record<string, QueryValue> {
  return { pageIndex: p.pageIndex, pageSize: p.pageSize, searchTerm: p.searchTerm };
}

export async function allPages<T>(fetchPage: (pageIndex: number) => Promise<PageResponse<T>>): Promise<T[]> {
  const out: T[] = [];
  for (let pageIndex = 0; pageIndex < MAX_PAGES; pageIndex++) {
    const page = await fetchPage(pageIndex);
    out.push(...page.content);
    if (page.content.length === 0 || pageIndex + 1 >= page.totalPages) break;
  }
  return out;
}
