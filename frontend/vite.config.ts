/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// Built into dist/ and served by Django (WhiteNoise) under /static/ on every host.
export default defineConfig({
  base: "/static/",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: Object.fromEntries(
      ["/api", "/login", "/logout", "/admin"].map((path) => [path, "http://localhost:8000"]),
    ),
  },
  test: {
    environment: "jsdom",
    css: false,
  },
});
