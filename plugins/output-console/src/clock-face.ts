const FACES = ['🕛', '🕐', '🕑', '🕒', '🕓', '🕔', '🕕', '🕖', '🕗', '🕘', '🕙', '🕚'];

/** The clock face showing how far into the steady phase we are; 12 o'clock for unbounded runs. */
export function clockFace(elapsed: number, duration: number): string {
  if (!(duration > 0) || !Number.isFinite(duration) || !(elapsed > 0)) return FACES[0];
  const index = Math.floor((FACES.length * elapsed) / duration);
  return FACES[Math.min(FACES.length - 1, index)];
}
