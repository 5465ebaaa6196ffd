/** A one-line progress bar redrawn in place on a terminal, at most every 100 ms. */
export function progressBar(stream: NodeJS.WritableStream, total: number): { update(done: number, note: string): void; done(note: string): void } {
  let lastDraw = 0;
  const draw = (done: number, note: string): void => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${note}   `);
  };
  return {
    update(done, note) {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(done, note);
    },
    done(note) {
      draw(total, note);
      stream.write('\n');
    },
  };
}
