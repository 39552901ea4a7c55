// Kubernetes quantities as the API and the troubleshooting guide write them, each unit and each edge pinned.
import { describe, expect, it } from 'vitest';
import { compareQuantities, formatCpu, formatMemory, parseQuantity } from '../../../src/checks/shared/quantities.js';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['2.5', 2.5],
    ['.5', 0.5],
    ['1.', 1],
    ['+3', 3],
    ['-2', -2],
    ['100n', 100e-9],
    ['250u', 250e-6],
    ['1k', 1000],
    ['1K', 1000],
    ['128M', 128e6],
    ['2G', 2e9],
    ['3T', 3e12],
    ['4P', 4e15],
    ['5E', 5e18],
    ['1Ki', 1024],
    ['64Mi', 64 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['2Ti', 2 * 2 ** 40],
    ['3Pi', 3 * 2 ** 50],
    ['1Ei', 2 ** 60],
    ['1e3', 1000],
    ['1E3', 1000],
    ['2e-3', 0.002],
    ['5e+2', 500],
    [' 64Mi ', 64 * 2 ** 20],
    ['50 m', 0.05],
    ['5min', 0.005],
    ['1.5min', 0.0015],
    ['15min', 0.015],
    ['1.25min', 0.00125],
    ['.25', 0.25],
    ['12.5', 12.5],
    ['1e12', 1e12],
    ['25e-2', 0.25],
    ['10Gi', 10 * 2 ** 30],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 15);
    expect(parseQuantity(text)! / value).toBeCloseTo(1, 12);
  });

  it('keeps numbers, refusing non-finite ones', () => {
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantity(0)).toBe(0);
    expect(parseQuantity(0.25)).toBe(0.25);
    expect(parseQuantity(Infinity)).toBeUndefined();
    expect(parseQuantity(NaN)).toBeUndefined();
  });

  it.each([undefined, null, '', 'abc', '1x', 'Mi', '1mi', '1 Gi x', '1e', '1.2.3', '--1', '1Mi2', 'min', '5mins', 'x5min', '1e3m', 'e3'])('%s is not a quantity', (text) => {
    expect(parseQuantity(text as string)).toBeUndefined();
  });

  it('refuses what is neither a string nor a number', () => {
    expect(parseQuantity({} as unknown as string)).toBeUndefined();
    expect(parseQuantity(true as unknown as string)).toBeUndefined();
    expect(parseQuantity(['1'] as unknown as string)).toBeUndefined();
  });
});

describe('compareQuantities', () => {
  it('orders across units', () => {
    expect(compareQuantities('500m', '1')).toBe(-1);
    expect(compareQuantities('2', '1500m')).toBe(1);
    expect(compareQuantities('1Gi', '1024Mi')).toBe(0);
    expect(compareQuantities('1G', '1Gi')).toBe(-1);
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities(1, '1000m')).toBe(0);
    expect(compareQuantities('-1', '1')).toBe(-1);
    expect(compareQuantities('1', '-1')).toBe(1);
  });

  it('treats floating-point noise as equal, but not a real difference', () => {
    expect(compareQuantities('0.3', 0.1 + 0.2)).toBe(0);
    expect(compareQuantities(0.1 + 0.2, '0.3')).toBe(0);
    expect(compareQuantities('-0.3', -(0.1 + 0.2))).toBe(0);
    expect(compareQuantities(-(0.1 + 0.2), '-0.3')).toBe(0);
    expect(compareQuantities('1000001', '1000000')).toBe(1);
    expect(compareQuantities('1000000', '1000001')).toBe(-1);
    expect(compareQuantities('-1000001', '-1000000')).toBe(-1);
    expect(compareQuantities('1e12', 1e12 + 2)).toBe(-1);
    expect(compareQuantities('0', 0)).toBe(0);
  });

  it('is undefined when either side does not parse', () => {
    expect(compareQuantities('1x', '1')).toBeUndefined();
    expect(compareQuantities('1', undefined)).toBeUndefined();
    expect(compareQuantities(undefined, '1')).toBeUndefined();
  });
});

describe('formatCpu', () => {
  it.each([
    [1, '1'],
    [0, '0'],
    [4, '4'],
    [0.5, '500m'],
    [0.25, '250m'],
    [1.5, '1500m'],
    [0.0004, '0m'],
    [0.0006, '1m'],
  ])('%d cores print as %s', (cores, text) => expect(formatCpu(cores)).toBe(text));
});

describe('formatMemory', () => {
  it.each([
    [2 ** 60, '1Ei'],
    [2 * 2 ** 50, '2Pi'],
    [3 * 2 ** 40, '3Ti'],
    [2 ** 30, '1Gi'],
    [1536 * 2 ** 20, '1536Mi'],
    [64 * 2 ** 20, '64Mi'],
    [1024, '1Ki'],
    [1536, '1536'],
    [3 * 1024, '3Ki'],
    [1023, '1023'],
    [0, '0'],
    [1e9, '1000000000'], [1024000, '1000Ki'],
    [100.4, '100'],
    [100.6, '101'],
  ])('%d bytes print as %s', (bytes, text) => expect(formatMemory(bytes)).toBe(text));

  it('keeps the largest unit that divides evenly', () => {
    expect(formatMemory(2 ** 31)).toBe('2Gi');
    expect(formatMemory(2 ** 30 + 2 ** 20)).toBe('1025Mi');
    expect(formatMemory(2 ** 20 + 1024)).toBe('1025Ki');
  });
});
