import { cleanup, configure } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";
import { restoreAll } from "./restore";

// findBy*/waitFor wait for a condition, not a time: on a loaded 2-core build machine a render can
// take longer than the library's 1 s default, so allow plenty before calling it a failure.
configure({ asyncUtilTimeout: 10_000 });

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

// The browser holds the server's readable signed-in marker while a session may exist; the console
// asks /api/v1/me only then. Tests of a signed-in console start with it; a test of a fresh visitor
// clears it (signedOutBrowser in fakeApi).
beforeEach(() => {
  document.cookie = "materia-signed-in=1; path=/";
});

afterEach(() => {
  cleanup();
  restoreAll();
  vi.unstubAllGlobals();
  localStorage.clear();
});
