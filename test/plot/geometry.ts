/**
 * Label geometry of a rendered chart, measured in a real browser: every text's box, and sample points of every
 * visible line, rule and symbol (clipped parts left out). Used by the label-collision test.
 */
import type { Page } from 'playwright-core';

/** A text of the chart and its box, in page pixels. */
export interface TextBox {
  readonly text: string;
  readonly role: string;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** What a chart puts on the page. */
export interface ChartGeometry {
  readonly width: number;
  readonly height: number;
  readonly texts: TextBox[];
  /** Sample points of data marks (lines, rules, symbols): `[x, y, kind]`. */
  readonly points: [number, number, string][];
  /** Symbol boxes. */
  readonly symbols: TextBox[];
  /** Horizontal extent of the plotting cells (the views' backgrounds). */
  readonly cells: { readonly left: number; readonly right: number };
}

/** Measure the SVG chart on `page` (the first `svg` element). */
export async function chartGeometry(page: Page): Promise<ChartGeometry> {
  return page.evaluate(() => {
    const svg = document.querySelector('svg') as SVGSVGElement;
    const root = svg.getBoundingClientRect();
    const rel = (x: number, y: number): [number, number] => [x - root.left, y - root.top];
    /** The visible rectangle of an element: the intersection of its ancestors' clip rectangles, in page pixels. */
    const clipOf = (el: Element): DOMRect | null => {
      let box: DOMRect | null = null;
      for (let e: Element | null = el; e && e !== svg; e = e.parentElement) {
        const ref = e.getAttribute('clip-path');
        if (!ref) continue;
        const id = /url\(#([^)]+)\)/.exec(ref)?.[1];
        const rect = id ? (document.getElementById(id)?.querySelector('rect') as SVGRectElement | null) : null;
        if (!rect) continue;
        const m = (e as SVGGraphicsElement).getScreenCTM();
        if (!m) continue;
        const p0 = new DOMPoint(rect.x.baseVal.value, rect.y.baseVal.value).matrixTransform(m);
        const p1 = new DOMPoint(rect.x.baseVal.value + rect.width.baseVal.value, rect.y.baseVal.value + rect.height.baseVal.value).matrixTransform(m);
        const r = new DOMRect(Math.min(p0.x, p1.x), Math.min(p0.y, p1.y), Math.abs(p1.x - p0.x), Math.abs(p1.y - p0.y));
        box = box === null ? r : new DOMRect(Math.max(box.left, r.left), Math.max(box.top, r.top), Math.min(box.right, r.right) - Math.max(box.left, r.left), Math.min(box.bottom, r.bottom) - Math.max(box.top, r.top));
      }
      return box;
    };
    const visible = (el: Element): boolean => {
      for (let e: Element | null = el; e && e !== svg; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
        if (e.getAttribute('opacity') === '0' || e.getAttribute('fill-opacity') === '0' && e.getAttribute('stroke') === null) return false;
      }
      return true;
    };
    const roleOf = (el: Element): string => {
      for (let e: Element | null = el; e && e !== svg; e = e.parentElement) {
        const cls = e.getAttribute('class') ?? '';
        const m = /role-([a-z-]+)/.exec(cls);
        if (m) return m[1];
      }
      return '';
    };
    const texts = Array.from(svg.querySelectorAll('text'))
      .filter((t) => (t.textContent ?? '').trim() !== '' && visible(t))
      .map((t) => {
        const r = t.getBoundingClientRect();
        const [x0, y0] = rel(r.left, r.top);
        const [x1, y1] = rel(r.right, r.bottom);
        return { text: t.textContent ?? '', role: roleOf(t), x0, y0, x1, y1 };
      });
    const points: [number, number, string][] = [];
    const symbols: { text: string; role: string; x0: number; y0: number; x1: number; y1: number }[] = [];
    const inside = (clip: DOMRect | null, x: number, y: number) =>
      clip === null || (x >= clip.left - 0.5 && x <= clip.right + 0.5 && y >= clip.top - 0.5 && y <= clip.bottom + 0.5);
    for (const g of Array.from(svg.querySelectorAll('g.role-mark'))) {
      const cls = g.getAttribute('class') ?? '';
      const kind = /mark-(line|rule|symbol)\b/.exec(cls)?.[1];
      if (!kind) continue;
      for (const el of Array.from(g.children)) {
        if (!visible(el)) continue;
        const clip = clipOf(el);
        const m = (el as SVGGraphicsElement).getScreenCTM();
        if (!m) continue;
        if (kind === 'symbol') {
          const r = el.getBoundingClientRect();
          if (!inside(clip, (r.left + r.right) / 2, (r.top + r.bottom) / 2)) continue;
          const [x0, y0] = rel(r.left, r.top);
          const [x1, y1] = rel(r.right, r.bottom);
          symbols.push({ text: 'symbol', role: 'mark', x0, y0, x1, y1 });
          continue;
        }
        const geom = el as SVGGeometryElement;
        if (typeof geom.getTotalLength !== 'function') continue;
        if (el.tagName === 'path' && !(el.getAttribute('d') ?? '').trim()) continue;
        const length = geom.getTotalLength();
        const steps = Math.max(2, Math.ceil(length / 1.5));
        for (let k = 0; k <= steps; k++) {
          const p = geom.getPointAtLength((length * k) / steps).matrixTransform(m);
          if (!inside(clip, p.x, p.y)) continue;
          const [x, y] = rel(p.x, p.y);
          points.push([x, y, kind]);
        }
      }
    }
    // the plotting cells (each view's background): marks' texts must stay inside their horizontal extent
    let left = Infinity;
    let right = -Infinity;
    for (const bg of Array.from(svg.querySelectorAll('g.role-scope path.background'))) {
      const r = bg.getBoundingClientRect();
      left = Math.min(left, rel(r.left, 0)[0]);
      right = Math.max(right, rel(r.right, 0)[0]);
    }
    return { width: root.width, height: root.height, texts, points, symbols, cells: { left, right } };
  });
}

/** Every problem with the labels: overlapping texts, marks through texts, texts outside the picture. */
export function labelProblems(g: ChartGeometry): string[] {
  const problems: string[] = [];
  const pad = 0.5;
  const overlaps = (a: TextBox, b: TextBox) => a.x0 + pad < b.x1 && b.x0 + pad < a.x1 && a.y0 + pad < b.y1 && b.y0 + pad < a.y1;
  for (const t of g.texts) {
    if (t.x0 < -pad || t.y0 < -pad || t.x1 > g.width + pad || t.y1 > g.height + pad) {
      problems.push(`"${t.text}" leaves the picture (${t.x0.toFixed(0)},${t.y0.toFixed(0)})–(${t.x1.toFixed(0)},${t.y1.toFixed(0)}) of ${g.width}×${g.height}`);
    } else if (t.role === 'mark' && (t.x0 < g.cells.left - 1 || t.x1 > g.cells.right + 1)) {
      problems.push(`"${t.text}" leaves the chart (${t.x0.toFixed(0)}–${t.x1.toFixed(0)} outside ${g.cells.left.toFixed(0)}–${g.cells.right.toFixed(0)})`);
    }
  }
  for (let i = 0; i < g.texts.length; i++) {
    for (let j = i + 1; j < g.texts.length; j++) {
      if (overlaps(g.texts[i], g.texts[j])) problems.push(`"${g.texts[i].text}" overlaps "${g.texts[j].text}"`);
    }
  }
  // the glyphs' ink, not the em box: shrink the box a little vertically (ascender / descender space)
  for (const t of g.texts) {
    const h = t.y1 - t.y0;
    const ink = { ...t, y0: t.y0 + 0.15 * h, y1: t.y1 - 0.15 * h };
    const hit = g.points.find(([x, y]) => x > ink.x0 && x < ink.x1 && y > ink.y0 && y < ink.y1);
    if (hit) problems.push(`a ${hit[2]} crosses "${t.text}" at (${hit[0].toFixed(0)},${hit[1].toFixed(0)})`);
    const sym = g.symbols.find((s) => overlaps(s, ink));
    if (sym) problems.push(`a symbol covers "${t.text}"`);
  }
  return problems;
}
