import { useEffect } from 'react';

export const PORTAL_NAME = 'CAPE Refund Portal';

/** The browser tab's title for the page: "<title> · CAPE Refund Portal". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ${PORTAL_NAME}`;
  }, [title]);
}
