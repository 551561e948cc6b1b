// Colors a tenant may choose are any #rrggbb. Text and focus rings on or next to them are picked by WCAG 2 contrast
// ratio rather than a luminance cut-off, so every choice stays readable: text at least 4.5:1, rings and borders 3:1.

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex([r, g, b]: Rgb): string {
  return "#" + ((1 << 24) | (Math.round(r) << 16) | (Math.round(g) << 8) | Math.round(b)).toString(16).slice(1);
}

/** WCAG 2 relative luminance of a #rrggbb color. */
export function luminance(color: string): number {
  const [r, g, b] = rgb(color).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colors (1 to 21). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Black or white, whichever contrasts more with the color: always at least 4.58:1. */
export function textOn(background: string): string {
  return contrast(background, "#ffffff") >= contrast(background, "#000000") ? "#ffffff" : "#000000";
}

/**
 * The color itself when it reaches the ratio against the background; otherwise the color darkened (on a light
 * background) or lightened (on a dark one) just enough to reach it, so it still reads as the brand's hue.
 */
export function accentOn(color: string, background: string, ratio: number): string {
  const target: Rgb = luminance(background) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  const from = rgb(color);
  for (let step = 0; step <= 20; step++) {
    const t = step / 20;
    const mixed = hex(from.map((c, i) => c + (target[i]! - c) * t) as Rgb);
    if (contrast(mixed, background) >= ratio) return mixed;
  }
  return hex(target);
}
