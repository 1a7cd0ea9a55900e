/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies the API to a control plane on :3000 (`./materia dev`).
export default defineConfig({
  plugins: [react()],
  // ELK (~1.4 MB) is its own chunk, loaded by the layout worker only; the rest stays small.
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1600 },
  server: {
    proxy: {
      "/api": "http://localhost:3000",
      "/health": "http://localhost:3000",
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/__tests__/**/*.test.{ts,tsx}"],
    setupFiles: ["src/testing/setup.ts"],
    testTimeout: 30_000,
    // Tests read the console's own stylesheet (`app.css?raw`) to check rules jsdom cannot apply.
    css: { include: [/app\.css/] },
  },
});
