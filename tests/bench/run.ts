import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { apiRoundTrip } from './api-round-trip.bench'
import { dataDirKillBench } from './data-dir-kill.bench'
import { debugReadyBench, joinAlertBench } from './debug-flow.bench'
import { guardCostBench } from './guard-cost.bench'
import type { Benchmark, Figure } from './harness'
import { reposBench } from './repos.bench'
import { terminalBench } from './terminal.bench'

const benchmarks: Benchmark[] = [apiRoundTrip, reposBench, guardCostBench, debugReadyBench, joinAlertBench, terminalBench, dataDirKillBench]

async function main(): Promise<void> {
  const only = process.argv[2]
  const rows: (Figure & { benchmark: string })[] = []
  for (const benchmark of benchmarks) {
    if (only && !benchmark.name.includes(only)) continue
    process.stderr.write(`running: ${benchmark.name}\n`)
    for (const figure of await benchmark.run()) rows.push({ benchmark: benchmark.name, ...figure })
  }
  const table = [
    ['figure', 'value', 'baseline', 'ratio', 'goal', 'note'],
    ...rows.map((row) => [
      row.figure,
      `${row.value} ${row.unit}`,
      row.baseline === undefined ? '' : `${row.baseline} ${row.unit}`,
      row.ratio === undefined ? '' : String(row.ratio),
      row.goal ?? '',
      row.note ?? '',
    ]),
  ]
  const widths = table[0]?.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length))) ?? []
  for (const line of table) console.log(line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd())
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform }
  await mkdir('bench-results', { recursive: true })
  const file = join('bench-results', 'latest.json')
  // Each figure's latest run: running some benchmarks (or parts of one) keeps the other figures, each with its own time and machine.
  const at = new Date().toISOString()
  const key = (row: { benchmark: string; figure?: unknown }) => `${row.benchmark}\n${String(row.figure)}`
  const ran = new Set(rows.map(key))
  const kept = (await readLatest(file)).filter((row) => !ran.has(key(row)))
  const figures = [...kept, ...rows.map((row) => ({ ...row, at, machine }))]
  await writeFile(file, `${JSON.stringify({ at, machine, figures }, null, 2)}\n`)
  console.log(`\nwritten: ${file} (${machine.cpus} × ${machine.model}, Node ${machine.node}; ${kept.length} figures of other benchmarks kept)`)
}

/** The figures of an earlier run, each with its benchmark's name; none when the file is missing or unreadable. */
async function readLatest(file: string): Promise<{ benchmark: string; figure?: unknown }[]> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { at?: unknown; machine?: unknown; figures?: unknown }
    const figures = Array.isArray(parsed.figures) ? (parsed.figures as unknown[]) : []
    return figures
      .filter((row): row is { benchmark: string } => typeof (row as { benchmark?: unknown } | null)?.benchmark === 'string')
      .map((row) => ({ at: parsed.at, machine: parsed.machine, ...row }))
  } catch {
    return []
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
