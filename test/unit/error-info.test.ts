import { describe, expect, it } from 'vitest';
import { errorInfo, MAX_CHAIN, readErrorInfo } from '../../src/runs/error-info.js';

describe('errorInfo', () => {
  it('follows the cause chain with class names and frames', () => {
    const info = errorInfo(new Error('outer', { cause: new TypeError('inner') }));
    expect(info.message).toBe('outer');
    expect(info.className).toBe('Error');
    expect(info.stack[0]).toMatch(/^\s+at /);
    expect(info.cause?.message).toBe('inner');
    expect(info.cause?.className).toBe('TypeError');
    expect(info.cause?.cause).toBeNull();
    expect(info.context).toBeNull();
  });

  it('stops at a cycle and at the bound', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const cyclic = errorInfo(a);
    expect(cyclic.cause?.message).toBe('b');
    expect(cyclic.cause?.cause).toBeNull();

    let deep: Error = new Error('0');
    for (let i = 1; i < 30; i++) deep = new Error(String(i), { cause: deep });
    let links = 0;
    for (let link: ReturnType<typeof errorInfo> | null = errorInfo(deep); link; link = link.cause) links++;
    expect(links).toBe(MAX_CHAIN);
  });

  it('keeps a non-Error cause as text, and a thrown non-Error', () => {
    expect(errorInfo(new Error('x', { cause: { code: 7 } })).cause).toMatchObject({ message: '{"code":7}', className: null });
    expect(errorInfo('plain')).toMatchObject({ message: 'plain', className: null, stack: [] });
  });

  it('reads back what it wrote, through JSON, and older payloads without a chain', () => {
    const stored = JSON.parse(JSON.stringify(errorInfo(new Error('outer', { cause: new RangeError('inner') })))) as unknown;
    expect(readErrorInfo(stored)?.cause?.className).toBe('RangeError');
    expect(readErrorInfo({ message: 'old', className: 'Error', stack: ['x'] })).toEqual({
      message: 'old',
      className: 'Error',
      stack: ['x'],
      cause: null,
      context: null,
    });
    expect(readErrorInfo({ nope: 1 })).toBeNull();
  });
});
