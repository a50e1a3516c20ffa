import { createHash } from 'node:crypto';

/**
 * Deterministic randomness for the simulator. Every value is derived from the
 * seed plus the coordinates of what is being generated (host index, detection
 * slot, ...), never from a shared sequence, so host 49,999 can be generated
 * without generating the hosts before it and two runs with one seed agree.
 */

const GOLDEN = 0x9e3779b9;

/** Final avalanche step: every input bit affects every output bit. */
function avalanche(value: number): number {
  let z = value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes up to four integer coordinates into one unsigned 32-bit value. */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = avalanche((a ^ GOLDEN) >>> 0);
  h = avalanche((h ^ Math.imul(b | 0, 0x27d4eb2f)) >>> 0);
  h = avalanche((h ^ Math.imul(c | 0, 0x165667b1)) >>> 0);
  h = avalanche((h ^ Math.imul(d | 0, 0x61c88647)) >>> 0);
  return h;
}

/** Unsigned 32-bit digest of a string, for keys such as a request's shape. */
export function hashString(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}

/**
 * A small stream of numbers from one starting point: a Weyl sequence passed
 * through the avalanche step. Cheap enough to create one per detection.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Unsigned 32-bit integer. */
  nextUint(): number {
    this.state = (this.state + GOLDEN) >>> 0;
    return avalanche(this.state);
  }

  /** Float in [0, 1). */
  next(): number {
    return this.nextUint() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  /** Lower-case hexadecimal string of the given length. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      out += this.nextUint().toString(16).padStart(8, '0');
    }
    return out.slice(0, length);
  }

  /** Decimal digits; the first is never 0 unless `allowLeadingZero`. */
  digits(length: number, allowLeadingZero = false): string {
    let out = allowLeadingZero ? '' : String(1 + this.int(9));
    while (out.length < length) out += String(this.int(10));
    return out;
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** An Rng whose stream depends only on the given coordinates. */
export function rngAt(seed: number, salt: number, index = 0, slot = 0): Rng {
  return new Rng(hash32(seed, salt, index, slot));
}
