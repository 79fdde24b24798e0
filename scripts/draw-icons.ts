import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/**
 * Draws Attest's Teams icons: a shield with a check mark. appPackage/color.png is 192x192, full-bleed, the mark in the
 * 120x120 centre that Teams keeps clear; appPackage/outline.png is 32x32, the same mark in white lines on transparent.
 * Shapes are signed distance functions, so every edge is anti-aliased.
 * Run: npx ts-node --transpile-only scripts/draw-icons.ts
 */

type Point = [number, number];
type Rgb = [number, number, number];

const ACCENT: Rgb = [0x46, 0x47, 0x75];
const BACKGROUND_LIGHT: Rgb = [0x56, 0x58, 0x94];
const BACKGROUND_DARK: Rgb = [0x37, 0x38, 0x60];
const SHADOW: Rgb = [0x1c, 0x1d, 0x3a];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SHIELD_SHADE: Rgb = [0xe2, 0xe3, 0xf2];

/** The shield in mark units: 1 wide (x from -0.5 to 0.5), its peak at (0, 0) and its point at (0, SHIELD_HEIGHT). */
const SHIELD_HEIGHT = 1.2;
const CHECK: Point[] = [
  [-0.22, 0.6],
  [-0.06, 0.76],
  [0.23, 0.43],
];
/** The colour icon's shield has rounded corners of this radius (mark units). */
const CORNER = 0.035;

function quadratic(a: Point, c: Point, b: Point, t: number): Point {
  const u = 1 - t;
  return [u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]];
}

function cubic(a: Point, c1: Point, c2: Point, b: Point, t: number): Point {
  const u = 1 - t;
  const [w0, w1, w2, w3] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return [w0 * a[0] + w1 * c1[0] + w2 * c2[0] + w3 * b[0], w0 * a[1] + w1 * c1[1] + w2 * c2[1] + w3 * b[1]];
}

/** The right half (peak to shoulder, a straight side, down to the point; curves sampled finely), then the left. */
function shieldPolygon(): Point[] {
  const steps = 64;
  const right: Point[] = [];
  for (let i = 0; i <= steps; i++) right.push(quadratic([0, 0], [0.24, 0.15], [0.5, 0.15], i / steps));
  for (let i = 1; i <= steps; i++) {
    right.push(cubic([0.5, 0.56], [0.5, 0.9], [0.24, 1.07], [0, SHIELD_HEIGHT], i / steps));
  }
  const left = right
    .slice(1, -1)
    .reverse()
    .map(([x, y]): Point => [-x, y]);
  return [...right, ...left];
}

function segmentDistance(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Distance to an open line; a stroke of width w is where it is below w/2 (round caps and joins). */
function lineDistance(p: Point, line: Point[]): number {
  let d = Infinity;
  for (let i = 1; i < line.length; i++) d = Math.min(d, segmentDistance(p, line[i - 1], line[i]));
  return d;
}

/** Signed distance to a closed polygon: negative inside. */
function polygonDistance(p: Point, polygon: Point[]): number {
  let d = Infinity;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [a, b] = [polygon[j], polygon[i]];
    d = Math.min(d, segmentDistance(p, a, b));
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside ? -d : d;
}

/** Coverage of a pixel by a shape whose signed distance (in pixels) at the pixel's centre is d. */
function coverage(d: number): number {
  return Math.max(0, Math.min(1, 0.5 - d));
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * t) as Rgb;

/** An RGBA image in floating point, painted with "source over". */
class Canvas {
  readonly rgba: Float64Array;
  constructor(readonly size: number) {
    this.rgba = new Float64Array(size * size * 4);
  }

  paint(shade: (p: Point) => { color: Rgb; alpha: number }): void {
    for (let y = 0; y < this.size; y++) {
      for (let x = 0; x < this.size; x++) {
        const { color, alpha } = shade([x + 0.5, y + 0.5]);
        if (alpha <= 0) continue;
        const i = (y * this.size + x) * 4;
        const under = this.rgba[i + 3] * (1 - alpha);
        const out = alpha + under;
        for (let c = 0; c < 3; c++) this.rgba[i + c] = (color[c] * alpha + this.rgba[i + c] * under) / out;
        this.rgba[i + 3] = out;
      }
    }
  }

  png(): Buffer {
    const png = new PNG({ width: this.size, height: this.size });
    for (let i = 0; i < this.rgba.length; i++) {
      png.data[i] = Math.round(i % 4 === 3 ? this.rgba[i] * 255 : this.rgba[i]);
    }
    return PNG.sync.write(png);
  }
}

/** Where the mark sits: the pixel of its peak (top centre) and pixels per mark unit. */
interface Placement {
  top: Point;
  scale: number;
}

const toMark = ({ top, scale }: Placement, p: Point): Point => [(p[0] - top[0]) / scale, (p[1] - top[1]) / scale];

function drawColorIcon(): Buffer {
  const size = 192;
  const scale = 94;
  const place: Placement = { top: [size / 2, (size - SHIELD_HEIGHT * scale) / 2], scale };
  const shield = shieldPolygon();
  const shieldDistance = (p: Point) => (polygonDistance(toMark(place, p), shield) - CORNER) * scale;
  const canvas = new Canvas(size);
  canvas.paint(([x, y]) => ({ color: mix(BACKGROUND_LIGHT, BACKGROUND_DARK, (x + y) / (2 * size)), alpha: 1 }));
  // A soft shadow below the shield.
  const blur = 7;
  canvas.paint((p) => {
    const d = shieldDistance([p[0], p[1] - 5]);
    return { color: SHADOW, alpha: 0.35 * Math.max(0, Math.min(1, (blur - d) / (2 * blur))) };
  });
  // The shield, its right half a shade darker, as if lit from the left.
  canvas.paint((p) => ({
    color: mix(WHITE, SHIELD_SHADE, coverage(place.top[0] - p[0])),
    alpha: coverage(shieldDistance(p)),
  }));
  canvas.paint((p) => ({ color: ACCENT, alpha: coverage((lineDistance(toMark(place, p), CHECK) - 0.07) * scale) }));
  return canvas.png();
}

function drawOutlineIcon(): Buffer {
  const size = 32;
  // Pixel-aligned: the shield's sides are the centres of 2-pixel lines at x = 5 and x = 27.
  const scale = 22;
  const stroke = 2;
  const place: Placement = { top: [16, 2.6], scale };
  const shield = shieldPolygon();
  const canvas = new Canvas(size);
  canvas.paint((p) => ({
    color: WHITE,
    alpha: coverage(Math.abs(polygonDistance(toMark(place, p), shield) * scale) - stroke / 2),
  }));
  canvas.paint((p) => ({ color: WHITE, alpha: coverage(lineDistance(toMark(place, p), CHECK) * scale - stroke / 2) }));
  return canvas.png();
}

const dir = join(__dirname, '..', 'appPackage');
writeFileSync(join(dir, 'color.png'), drawColorIcon());
writeFileSync(join(dir, 'outline.png'), drawOutlineIcon());
console.log('Drew appPackage/color.png and appPackage/outline.png');
