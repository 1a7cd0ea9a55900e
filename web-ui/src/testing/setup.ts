import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { restoreAll } from "./restore";

afterEach(() => {
  cleanup();
  restoreAll();
  vi.unstubAllGlobals();
  localStorage.clear();
});
