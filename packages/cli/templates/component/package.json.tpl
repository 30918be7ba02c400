{
  "name": "interflow-component-__NAME__",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "description": "__TITLE__ for Interflow: a credential, an action and a polling trigger",
  "main": "src/index.ts",
  "scripts": {
    "test": "vitest run",
    "typecheck": "tsc --noEmit",
    "build": "interflow component build ."
  },
  "dependencies": {
    "@interflow/sdk": "^__SDK_VERSION__",
    "zod": "^4.1.12"
  },
  "devDependencies": {
    "@types/node": "^20.19.0",
    "typescript": "~5.9.3",
    "vitest": "^4.0.0"
  }
}
