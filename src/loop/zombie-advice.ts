import { adoptedZombies } from '../runner/index.js';

/**
 * Said once per run, after a trial, when the tuner runs as PID 1 and processes its trials left behind
 * are zombies it cannot reap (runner/adopted-zombies.ts): the fix is the container's, so the words
 * name it. `count` is the runner's scan, or a test's.
 */
export function createZombieAdvice(notice: (text: string) => void, count: () => number | null = () => adoptedZombies()): () => void {
  let said = false;
  return () => {
    if (said) return;
    const zombies = count();
    if (zombies === null || zombies === 0) return;
    said = true;
    notice(
      `hypertune runs as PID 1 (a container started without an init), and ${zombies} process${zombies === 1 ? '' : 'es'} that trials left behind ${zombies === 1 ? 'is a zombie' : 'are zombies'} it cannot reap: ` +
        'each keeps its PID until the container ends, and under the container\'s PID limit trials then fail with "Cannot fork". ' +
        'Start the container with an init: docker run --init, tini as its entrypoint, or shareProcessNamespace: true in the Kubernetes pod spec',
    );
  };
}
