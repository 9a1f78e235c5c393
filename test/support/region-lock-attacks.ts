import { synthRefusal } from "./refusal";

/** A recorded region-lock attack: what it builds in a fresh app, and what the refusal must say. */
export interface LockAttack<C> { readonly name: string; readonly build: (c: C) => void; readonly expect: RegExp }
/** A legitimate configuration next to the attacks: it must still synthesize. */
export interface LockAccepted<C> { readonly name: string; readonly build: (c: C) => void }

/**
 * The two tables every region-lock attack file runs, inside its describe block: each attack, built
 * in a fresh context, is refused by a DeepSeekConfigError whose path and message match, with a fix
 * and a bounded message, and nothing written; each accepted configuration synthesizes (then
 * `afterAccepted`, for a file's own extra check).
 */
export function lockAttackTables<C extends { readonly app: { synth(): void; readonly outdir: string } }>(
  context: () => C, attacks: readonly LockAttack<C>[], accepted: readonly LockAccepted<C>[], afterAccepted?: (c: C) => void,
): void {
  test.each(attacks.map((a) => [a.name, a] as const))("refused: %s", (_n, attack) => {
    const c = context();
    attack.build(c);
    const e = synthRefusal(c.app);
    expect(`${e.path}: ${e.message}`).toMatch(attack.expect);
    expect(e.fix).not.toBe("");
    expect(e.message.length).toBeLessThan(2000);
  });

  test.each(accepted.map((a) => [a.name, a] as const))("synthesizes: %s", (_n, attempt) => {
    const c = context();
    attempt.build(c);
    expect(() => c.app.synth()).not.toThrow();
    afterAccepted?.(c);
  });
}
