/**
 * Shared pieces of the hostile-input suite: deep JSON written as text (building it with
 * JSON.stringify would itself overflow), tokens signed over raw segment text, and a time bound.
 */
import * as assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { signWith } from '../jwt/fixtures';

/** `[[[…]]]` nested `depth` deep, as JSON text. */
export function deepArrayJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `{"a":{"a":…{}}}` nested `depth` deep, as JSON text. */
export function deepObjectJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
}

/** The same value as deepArrayJson, built without recursion (for constructing parsed objects directly). */
export function deepArray(depth: number): unknown[] {
  const root: unknown[] = [];
  let at = root;
  for (let i = 1; i < depth; i++) {
    const next: unknown[] = [];
    at.push(next);
    at = next;
  }
  return root;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64url');

/** A JWS over header and payload given as JSON text, signed with `key` (RS256 unless the header says otherwise). */
export function signedRaw(headerJson: string, payloadJson: string, key: KeyObject, alg = 'RS256'): string {
  const input = `${b64(headerJson)}.${b64(payloadJson)}`;
  return `${input}.${signWith(alg, input, key).toString('base64url')}`;
}

/** An unsigned-looking token over raw JSON text (the signature is junk). */
export function rawJsonToken(headerJson: string, payloadJson: string): string {
  return `${b64(headerJson)}.${b64(payloadJson)}.c2ln`;
}

/** Runs `fn` and fails when it takes longer than `ms`: every hostile case has a time bound. */
export async function within<T>(ms: number, what: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  const took = performance.now() - t0;
  assert.ok(took < ms, `${what} took ${Math.round(took)} ms, bound ${ms} ms`);
  return result;
}

/** A small deterministic generator, so a failing case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
