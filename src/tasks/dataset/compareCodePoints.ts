/**
 * Python's string order (by code point), for sorting label sets and vocabularies as Python does. JavaScript's
 * default sort compares UTF-16 units, which differs when a surrogate pair (U+10000 and up) meets U+E000–U+FFFF;
 * those units are shifted so pairs sort above the BMP (the usual code-point-order fix-up).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
