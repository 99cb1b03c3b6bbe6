// The page-view figure ops publish as "lượt truy cập": each citizen page counts itself once, by calling countVisit.

/** Counts one page view; failures do not concern the citizen. */
export function countVisit() {
  fetch('/api/visits', { method: 'POST', keepalive: true }).catch(() => {});
}
