/** Draws from a seeded PRNG, so every fuzz run sends the same cases. */
export class Draw {
  constructor(private readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** A string of `length` characters from a hostile mix: unicode, astral, controls, lone surrogates. */
  nastyString(length: number): string {
    const pools: (() => string)[] = [
      () => String.fromCharCode(this.int(0x20, 0x7e)),
      () => String.fromCharCode(this.int(0, 0x1f)),
      () => String.fromCharCode(this.int(0xa0, 0x2fff)),
      () => String.fromCodePoint(this.int(0x1f300, 0x1faff)),
      () => String.fromCharCode(this.int(0xd800, 0xdfff)),
      () => this.pick(['\u202e', '\u200b', '\ufeff', '\\', '"', "'", '`', '{', '}', '$', '*', '../']),
    ];
    let out = '';
    while (out.length < length) out += this.pick(pools)();
    return out;
  }
}
