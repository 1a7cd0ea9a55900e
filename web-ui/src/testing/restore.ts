const pending: Array<() => void> = [];

/** Registers something to undo after the current test. */
export function afterThisTest(undo: () => void) {
  pending.push(undo);
}

export function restoreAll() {
  while (pending.length) {
    pending.pop()!();
  }
}
