import type { z } from 'zod'
import type { v3Build, v3Job, v3Log, v3Pagination, v3Pending, v3Repository, v3User } from './v3-schemas'

/** The parts of Travis API v3 objects Shipmate reads, as the client hands them on once checked. */

export type V3Pagination = z.output<typeof v3Pagination>
export type V3User = z.output<typeof v3User>
export type V3Repository = z.output<typeof v3Repository>
export type V3Build = z.output<typeof v3Build>
export type V3Job = z.output<typeof v3Job>
export type V3Log = z.output<typeof v3Log>
export type V3Pending = z.output<typeof v3Pending>
