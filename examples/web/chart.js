// A horizontal bar chart in inline SVG, drawn here (no library): one bar per row, its share of
// the whole as a percentage and its count beside it. The SVG scales to its container's width.

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** "42,5 %" (Chilean Spanish: decimal comma). */
export function percent(share) {
  if (share === null || share === undefined || Number.isNaN(share)) return "sin datos";
  return (Math.round(share * 1000) / 10).toFixed(1).replace(".", ",") + " %";
}

/**
 * rows: [{label, share (0 to 1, or null), count, highlight}]; title and description name the
 * chart for screen readers (the page shows the same figures in a table too).
 */
export function barChart(rows, { id, title, description, units = ["colocación", "colocaciones"] }) {
  const width = 360;
  const rowHeight = 56;
  const top = 8;
  const height = top + rows.length * rowHeight + 8;
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width: "100%",
    role: "img",
    "aria-labelledby": `${id}-title ${id}-desc`,
    class: "chart",
    id,
  });
  chart.append(svg("title", { id: `${id}-title` }, title), svg("desc", { id: `${id}-desc` }, description));
  const barMax = width - 8;
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const share = row.share ?? 0;
    const g = svg("g", { class: "bar" + (row.highlight ? " highlight" : "") });
    g.append(svg("text", { x: 0, y: y + 14, class: "bar-label" }, row.label));
    g.append(svg("rect", { x: 0, y: y + 22, width: barMax, height: 20, rx: 3, class: "bar-track" }));
    const w = Math.max(share > 0 ? 2 : 0, Math.round(barMax * share));
    g.append(svg("rect", { x: 0, y: y + 22, width: w, height: 20, rx: 3, class: "bar-fill" }));
    const label = `${percent(row.share)} · ${row.count} ${row.count === 1 ? units[0] : units[1]}`;
    g.append(svg("text", { x: width - 4, y: y + 14, "text-anchor": "end", class: "bar-value" }, label));
    chart.append(g);
  });
  return chart;
}
