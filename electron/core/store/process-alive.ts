/**
 * Whether a process with this id runs on this machine. Signal 0 is never delivered: it only asks
 * the system whether the process exists; EPERM means it does but belongs to someone else.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
