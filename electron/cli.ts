#!/usr/bin/env node
import { version } from '../package.json'
import { nodeIo } from './cli/io'
import { runCli } from './cli/run-cli'

runCli(process.argv.slice(2), nodeIo(), version).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`shipmate: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
