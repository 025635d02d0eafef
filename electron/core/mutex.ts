/**
 * A first-come, first-served async lock. Ceremony steps await Shamir and PGP work; without the
 * lock two requests could interleave between a read of the ceremony state and its update.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(work: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(work);
    // The next holder waits for this one whether it succeeded or failed.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
