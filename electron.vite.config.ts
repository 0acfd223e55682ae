import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const alias = { '@shared': resolve(__dirname, 'shared') }

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      lib: {
        entry: {
          index: resolve(__dirname, 'electron/main.ts'),
          cli: resolve(__dirname, 'electron/cli.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: { lib: { entry: { index: resolve(__dirname, 'electron/preload.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rollupOptions: {
        input: resolve(__dirname, 'renderer/index.html'),
        // The terminal loads only when a session opens (a dynamic import in the renderer); its WebGL
        // renderer, a quarter of that code, gets a chunk of its own so neither part nears the size warning.
        output: { codeSplitting: { groups: [{ name: 'xterm-webgl', test: /[\\/]@xterm[\\/]addon-webgl[\\/]/ }] } },
      },
    },
  },
})
