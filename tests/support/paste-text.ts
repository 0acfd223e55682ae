import { createHash } from 'node:crypto'

/**
 * Text to paste into a shell on a pty: printable ASCII in lines far shorter than the 4095 bytes a
 * canonical-mode line may hold, each ending in `\n`, so the pty passes every byte on unchanged
 * (no control character it would act on). Deterministic, so a failure can be reproduced.
 */
export function pasteText(bytes: number, lineBytes = 80): string {
  if (bytes < 2 || lineBytes < 2) throw new Error('pasteText needs at least two bytes per line')
  const out = Buffer.alloc(bytes)
  let state = 0x2545f491
  for (let at = 0; at < bytes; ) {
    // A last line of one byte would be a bare `\n`; fold it into the line before.
    const length = bytes - at - lineBytes === 1 ? lineBytes + 1 : Math.min(lineBytes, bytes - at)
    for (const end = at + length - 1; at < end; at++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      out[at] = 0x20 + (state % 95)
    }
    out[at++] = 0x0a
  }
  return out.toString('latin1')
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
