// What overflows on the page, as a list of "what: how much" lines (empty when everything fits).
// Read by tests/e2e/test_layout.py.
() => {
  const out = [];
  const px = (v) => Math.round(v);
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) out.push(`document scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
  const main = document.querySelector("[data-testid='stMain']");
  if (main && main.scrollWidth > main.clientWidth + 1) out.push(`main scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);
  const name = (el) => {
    const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const inner = el.querySelector('[data-testid]');
    const what = inner ? inner.getAttribute('data-testid') : el.getAttribute('data-testid') || el.tagName;
    return `${what}: "${text}"`;
  };
  const visible = (el) => el.offsetParent !== null && el.getBoundingClientRect().width > 0;
  for (const el of document.querySelectorAll("[data-testid='stMain'] [data-testid='stElementContainer']")) {
    if (!visible(el)) continue;
    const parent = el.parentElement.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    if (box.right > parent.right + 1 || box.left < parent.left - 1)
      out.push(`${name(el)} outside its column: ${px(box.left)}..${px(box.right)} in ${px(parent.left)}..${px(parent.right)}`);
    // (a data grid's frame reaches 9 px past its box for its resize handle: its own scroll is checked below)
    const grid = el.querySelector("[data-testid='stDataFrame']");
    if (!grid && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} wider than its box: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  // a chart drawn wider than its element (a fixed width, or a legend/label column beside it)
  for (const el of document.querySelectorAll("[data-testid='stMain'] [data-testid='stVegaLiteChart']")) {
    if (!visible(el)) continue;
    const box = el.getBoundingClientRect();
    for (const g of el.querySelectorAll('canvas, svg.marks')) {
      const r = g.getBoundingClientRect();
      if (r.right > box.right + 1) out.push(`chart wider than its column: ${px(r.width)} > ${px(box.width)}`);
    }
  }
  // a table that needs a sideways scroll bar (the data grid scrolls inside itself)
  for (const el of document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame'] .dvn-scroller")) {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1)
      out.push(`table scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  for (const el of document.querySelectorAll("[data-testid='stMain'] [data-testid='stTable']")) {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1) out.push(`table wider than its box: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  // a label cut with an ellipsis: tiles' labels, buttons' and tabs' texts
  const cut = "[data-testid='stMetricLabel'] *, [data-testid='stMetricValue'] *, [data-testid='stMetricDelta'] *, " +
    "[data-testid='harmoni-tile'], " +
    "[data-testid='stMain'] button p, [data-testid='stMain'] [data-baseweb='tab'] p, [data-testid='stMain'] label p";
  for (const el of document.querySelectorAll(cut)) {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1 && el.children.length === 0)
      out.push(`cut label "${el.innerText.trim().slice(0, 40)}": ${el.scrollWidth} > ${el.clientWidth}`);
  }
  return [...new Set(out)];
}
