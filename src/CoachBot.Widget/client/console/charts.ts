// Small charts drawn as inline SVG (no chart library, no inline script or style the page policy would have to allow).
// Each chart is an image with a text alternative; the analytics view also shows the numbers as a table.

const svgNs = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

export interface ChartSeries {
  name: string;
  color: string;
  values: number[];
}

const width = 560;
const height = 240;
const pad = { left: 48, right: 12, top: 16, bottom: 40 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value)!;
  return step * magnitude;
}

/** A bar chart (one group of bars per bucket) or a line chart over the buckets, with a y axis, labels and a legend. */
export function chart(kind: "bars" | "lines", title: string, labels: string[], series: ChartSeries[], format: (v: number) => string = String): SVGSVGElement {
  const root = svg("svg", { viewBox: `0 0 ${width} ${height + 24}`, role: "img", class: "chart", "data-chart": title });
  const titleElement = svg("title", {});
  titleElement.textContent = `${title}: ` + series.map((s) => `${s.name} ${s.values.map(format).join(", ")}`).join("; ");
  root.append(titleElement);
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  const y = (v: number) => pad.top + plotHeight - (v / max) * plotHeight;
  for (let i = 0; i <= 4; i++) {
    const value = (max * i) / 4;
    root.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), stroke: "#d5dbe1" }));
    const label = svg("text", { x: pad.left - 6, y: y(value) + 4, "text-anchor": "end", "font-size": 11, fill: "#4f5b69" });
    label.textContent = format(value);
    root.append(label);
  }
  const slot = labels.length > 0 ? plotWidth / labels.length : plotWidth;
  const every = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((text, i) => {
    if (i % every !== 0) return;
    const label = svg("text", { x: pad.left + slot * (i + 0.5), y: height - pad.bottom + 16, "text-anchor": "middle", "font-size": 11, fill: "#4f5b69" });
    label.textContent = text;
    root.append(label);
  });
  if (kind === "bars") {
    const bar = (slot * 0.8) / Math.max(1, series.length);
    series.forEach((s, k) =>
      s.values.forEach((v, i) => {
        const top = y(v);
        root.append(svg("rect", { x: pad.left + slot * i + slot * 0.1 + bar * k, y: top, width: Math.max(1, bar - 1), height: pad.top + plotHeight - top, fill: s.color }));
      }),
    );
  } else {
    for (const s of series) {
      const points = s.values.map((v, i) => `${pad.left + slot * (i + 0.5)},${y(v)}`).join(" ");
      root.append(svg("polyline", { points, fill: "none", stroke: s.color, "stroke-width": 2 }));
      s.values.forEach((v, i) => root.append(svg("circle", { cx: pad.left + slot * (i + 0.5), cy: y(v), r: 3, fill: s.color })));
    }
  }
  let x = pad.left;
  for (const s of series) {
    root.append(svg("rect", { x, y: height + 6, width: 12, height: 12, fill: s.color }));
    const name = svg("text", { x: x + 16, y: height + 16, "font-size": 12, fill: "#1b2430" });
    name.textContent = s.name;
    root.append(name);
    x += 24 + s.name.length * 7;
  }
  return root;
}
