import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// happy-dom does no layout. Give scroll boxes of tables a laptop-sized viewport and table rows a height, so
// the virtualized table renders the window of rows a browser would.
const VIEWPORT = { width: 1280, height: 800 };
export const TEST_ROW_HEIGHT = 61;
Object.defineProperties(HTMLElement.prototype, {
  clientWidth: {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('table-scroll') ? VIEWPORT.width : 0;
    },
  },
  clientHeight: {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('table-scroll') ? VIEWPORT.height : 0;
    },
  },
  offsetHeight: {
    configurable: true,
    get(this: HTMLElement) {
      return this.tagName === 'TR' ? TEST_ROW_HEIGHT : 0;
    },
  },
});

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});
