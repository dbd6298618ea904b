import type { OutputStream } from './io';

/**
 * Progress while waiting on AWS. On a terminal, one animated line on stderr that is rewritten in
 * place; otherwise (CI, pipes, log files) a plain line each time the message changes, so logs show
 * what happened without control characters.
 */
export interface Spinner {
  update(text: string): void;
  /** Clears the line and optionally leaves a final message. */
  stop(finalText?: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createSpinner(out: OutputStream, isTTY: boolean): Spinner {
  let text = '';
  if (!isTTY) {
    return {
      update(next) {
        if (next !== text) out.write(`${next}\n`);
        text = next;
      },
      stop(finalText) {
        if (finalText) out.write(`${finalText}\n`);
      },
    };
  }
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => out.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${text}`);
  return {
    update(next) {
      text = next;
      if (!timer) {
        timer = setInterval(draw, 80);
        // A spinner must never be what keeps the process alive.
        timer.unref();
      }
      draw();
    },
    stop(finalText) {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (text) out.write('\r\x1b[2K');
      if (finalText) out.write(`${finalText}\n`);
      text = '';
    },
  };
}
