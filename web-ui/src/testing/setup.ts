import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { restoreAll } from "./restore";

// jsdom lays nothing out; React Flow and the virtualizer only need these to exist.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoResizeObserver as unknown as typeof ResizeObserver;
globalThis.DOMMatrixReadOnly ??= class {
  m22 = 1;
  constructor() {}
} as unknown as typeof DOMMatrixReadOnly;

afterEach(() => {
  cleanup();
  restoreAll();
  vi.unstubAllGlobals();
  localStorage.clear();
});
