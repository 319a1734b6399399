// The review page's script: the activities table and one article at a time,
// rendered from the JSON block. The DOM is built with textContent only; data
// never goes through innerHTML. Spans are code-point offsets (Python str
// indices), so article text is sliced as Array.from(text), never with
// String.slice (UTF-16).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const objects = (t) => t.rows.map((r) => Object.fromEntries(t.cols.map((c, i) => [c, r[i]])));
  const docs = objects(data.docs), acts = objects(data.acts);
  const dates = objects(data.dates), counts = objects(data.counts);
  const KIND = { d: "date", c: "count", a: "evidence", e: "event" };
  const $ = (id) => document.getElementById(id);

  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("data-")) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const k of kids) e.append(k == null ? "" : k instanceof Node ? k : String(k));
    return e;
  }
  const show = (v) => (v == null || v === "" ? "—" : v);

  // code points of one article's text; a few kept for the table's evidence column
  const cpCache = new Map();
  function codePoints(i) {
    if (!cpCache.has(i)) {
      if (cpCache.size > 64) cpCache.delete(cpCache.keys().next().value);
      cpCache.set(i, Array.from(docs[i].text || ""));
    }
    return cpCache.get(i);
  }
  const slice = (i, s, e) => codePoints(i).slice(s, e).join("");
  function evidence(a) {
    if (a.span_start == null || a.span_end == null) return "";
    const cps = codePoints(a.doc).slice(a.span_start, a.span_end);
    return cps.length > 48 ? cps.slice(0, 48).join("") + "…" : cps.join("");
  }

  function pager(box, page, pages, go) {
    const prev = el("button", { type: "button", disabled: page <= 0 }, "‹");
    const next = el("button", { type: "button", disabled: page >= pages - 1 }, "›");
    prev.addEventListener("click", () => go(page - 1));
    next.addEventListener("click", () => go(page + 1));
    box.replaceChildren(prev, el("span", {}, `${pages ? page + 1 : 0} / ${pages}`), next);
  }

  // ------------------------------------------------------------ activities table
  const COLS = [
    ["page", "页面 page"], ["article", "篇"], ["event_name", "事件 event"], ["theme", "主题 theme"],
    ["start", "开始 start"], ["end", "结束 end"], ["month", "月份 month"],
    ["n_dates", "日期"], ["n_counts", "数量"], ["evidence", "证据 evidence"],
  ];
  const PAGE_ROWS = 25;
  const monthRank = new Map(data.months.map((m, i) => [m, i]));
  acts.forEach((a, i) => { a.index = i; a.page = docs[a.doc].page; a.article = docs[a.doc].article; a.title = docs[a.doc].title || ""; });
  const tableState = { key: "page", dir: 1, page: 0 };

  for (const m of data.months) $("f-month").append(el("option", { value: m }, m));
  const head = $("act-table").tHead.rows[0];
  for (const [key, label] of COLS) {
    const th = el("th", { "data-key": key }, label);
    if (key !== "evidence") th.addEventListener("click", () => {
      tableState.dir = tableState.key === key ? -tableState.dir : 1;
      tableState.key = key;
      tableState.page = 0;
      renderTable();
    });
    head.append(th);
  }

  function sortValue(a, key) {
    if (key === "month") return monthRank.get(a.month);
    return a[key];
  }
  function compare(a, b) {
    const { key, dir } = tableState;
    const x = sortValue(a, key), y = sortValue(b, key);
    if (x == null && y == null) return a.index - b.index;
    if (x == null) return 1; // missing values last in both directions
    if (y == null) return -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh");
    return c ? c * dir : a.index - b.index;
  }

  function filteredActs() {
    const fp = $("f-page").value.trim().toLowerCase();
    const fe = $("f-event").value.trim().toLowerCase();
    const fm = $("f-month").value;
    return acts.filter((a) =>
      (!fp || a.page.toLowerCase().includes(fp) || a.title.toLowerCase().includes(fp)) &&
      (!fe || (a.event_name || "").toLowerCase().includes(fe) || (a.theme || "").toLowerCase().includes(fe)) &&
      (!fm || a.month === fm));
  }

  function renderTable() {
    const rows = filteredActs().sort(compare);
    const pages = Math.ceil(rows.length / PAGE_ROWS);
    tableState.page = Math.max(0, Math.min(tableState.page, pages - 1));
    const shown = rows.slice(tableState.page * PAGE_ROWS, (tableState.page + 1) * PAGE_ROWS);
    $("act-table").tBodies[0].replaceChildren(...shown.map((a) => {
      const tr = el("tr", { "data-activity": a.activity_id, title: a.activity_id },
        ...COLS.map(([key]) => key === "evidence" ? el("td", { class: "ev" }, evidence(a))
          : el("td", { class: typeof a[key] === "number" ? "num" : "" }, show(a[key]))));
      tr.addEventListener("click", () => { location.hash = `doc=${a.doc}&act=${a.index}`; });
      return tr;
    }));
    for (const th of head.cells) {
      th.className = th.dataset.key === tableState.key ? (tableState.dir > 0 ? "sorted-asc" : "sorted-desc") : "";
    }
    $("act-count").textContent = `${rows.length} / ${acts.length} 项活动 activities`;
    pager($("act-pager"), tableState.page, pages, (p) => { tableState.page = p; renderTable(); });
  }
  for (const id of ["f-page", "f-event", "f-month"]) {
    $(id).addEventListener("input", () => { tableState.page = 0; renderTable(); });
  }

  // ------------------------------------------------------------ article list
  const DOC_ROWS = 30;
  const docState = { page: 0, current: -1 };
  function filteredDocs() {
    const f = $("f-doc").value.trim().toLowerCase();
    const errorsOnly = $("f-errors").checked;
    const out = [];
    docs.forEach((d, i) => {
      if (errorsOnly && d.status === "ok") return;
      if (f && !(d.page || "").toLowerCase().includes(f) && !(d.title || "").toLowerCase().includes(f)) return;
      out.push(i);
    });
    return out;
  }
  function renderDocList() {
    const list = filteredDocs();
    const pages = Math.ceil(list.length / DOC_ROWS);
    docState.page = Math.max(0, Math.min(docState.page, pages - 1));
    $("doc-list").replaceChildren(...list.slice(docState.page * DOC_ROWS, (docState.page + 1) * DOC_ROWS).map((i) => {
      const d = docs[i];
      const n = d.marks.length;
      const li = el("li", { class: (d.status === "ok" ? "" : "error ") + (i === docState.current ? "current" : "") },
        el("span", { class: "t" }, d.title || (d.status === "ok" ? "(无标题 no title)" : `错误 error: ${d.error || ""}`)),
        el("span", { class: "sub" }, `${d.doc_id} · ${n} 标记`));
      li.addEventListener("click", () => { location.hash = `doc=${i}`; });
      return li;
    }));
    pager($("doc-pager"), docState.page, pages, (p) => { docState.page = p; renderDocList(); });
  }
  $("f-doc").addEventListener("input", () => { docState.page = 0; renderDocList(); });
  $("f-errors").addEventListener("change", () => { docState.page = 0; renderDocList(); });

  // ------------------------------------------------------------ one article
  function rowOf(mark) {
    const [kind, row] = mark;
    if (kind === "d") return dates[row];
    if (kind === "c") return counts[row];
    return acts[row];
  }
  function actOf(mark) {
    const [kind, row] = mark;
    if (kind === "a" || kind === "e") return row;
    return rowOf(mark).act;
  }
  function describe(mark) {
    const r = rowOf(mark);
    const bad = mark[4] ? "" : " ⚠ 与表中文本不符 text differs";
    const act = actOf(mark) >= 0 && acts[actOf(mark)] ? ` → ${acts[actOf(mark)].event_name || acts[actOf(mark)].activity_id}` : "";
    switch (mark[0]) {
      case "d": return `日期 ${r.text}: ${r.start} … ${r.end} (${r.precision})${act}${bad}`;
      case "c": return `数量 ${r.text}: ${r.value} ${r.unit || ""}${r.approx ? " " + r.approx : ""}${r.object ? " · " + r.object : ""}${act}${bad}`;
      case "a": return `活动 ${r.event_name || "(未命名)"} ${show(r.start)} … ${show(r.end)}${r.theme ? " · " + r.theme : ""}${bad}`;
      default: return `事件 ${r.event_name}`;
    }
  }
  const FIELDS = {
    d: ["text", "start", "end", "precision", "span_start", "span_end"],
    c: ["text", "value", "unit", "approx", "object", "span_start", "span_end"],
    a: ["activity_id", "event_name", "theme", "start", "end", "location", "organizer", "n_dates", "n_counts", "span_start", "span_end"],
    e: ["event_name", "activity_id"],
  };
  const KIND_LABEL = { d: "日期 date", c: "数量 count", a: "活动 activity", e: "事件名 event" };
  function showDetail(d, markIds) {
    const body = $("detail-body");
    body.replaceChildren(...markIds.map((k) => {
      const mark = d.marks[k], r = rowOf(mark);
      const dl = el("dl");
      for (const f of FIELDS[mark[0]]) dl.append(el("dt", {}, f), el("dd", {}, show(r[f])));
      if (mark[0] === "d" || mark[0] === "c") {
        const a = acts[r.act];
        dl.append(el("dt", {}, "activity"), el("dd", {}, a ? `${a.activity_id} ${a.event_name || ""}` : "—"));
      }
      dl.append(el("dt", {}, "at span"), el("dd", {}, slice(docState.current, mark[2], mark[3])));
      return el("div", {}, el("div", { class: "kind" + (mark[4] ? "" : " bad") },
        KIND_LABEL[mark[0]] + (mark[4] ? "" : " ⚠ 与表中文本不符 text differs")), dl);
    }));
  }

  function renderDoc(i, focusAct) {
    const d = docs[i];
    if (!d) return;
    docState.current = i;
    const meta = [d.doc_id, `year ${show(d.year)}`, show(d.script), d.status,
      `${d.marks.length} 标记 marks`].join(" · ");
    $("doc-head").replaceChildren(el("h3", {}, d.title || "(无标题 no title)"), el("div", { class: "meta" }, meta),
      d.status === "ok" ? "" : el("p", { class: "bad" }, `错误 error: ${show(d.error)}`));
    const cps = codePoints(i);
    const frag = document.createDocumentFragment();
    let pos = 0, focusEl = null;
    for (const [s, e, ids] of d.segs) {
      if (s > pos) frag.append(cps.slice(pos, s).join(""));
      const kinds = new Set(ids.map((k) => KIND[d.marks[k][0]]));
      const bad = ids.some((k) => !d.marks[k][4]);
      const span = el("span", {
        class: "m " + [...kinds].join(" ") + (bad ? " mismatch" : ""),
        title: ids.map((k) => describe(d.marks[k])).join("\n"),
        "data-marks": ids.join(","),
      }, cps.slice(s, e).join(""));
      const actsHere = ids.map((k) => actOf(d.marks[k])).filter((a) => a >= 0);
      span.dataset.acts = actsHere.join(",");
      if (focusAct != null && ids.some((k) => d.marks[k][0] === "a" && d.marks[k][1] === focusAct)) {
        span.classList.add("focus");
        focusEl = focusEl || span;
      }
      frag.append(span);
      pos = e;
    }
    if (pos < cps.length) frag.append(cps.slice(pos).join(""));
    $("doc-text").replaceChildren(frag);
    $("detail-body").replaceChildren();
    renderDocList();
    if (focusEl) focusEl.scrollIntoView({ block: "center" });
  }

  // hovering a mark shows its rows beside the text and outlines what belongs to the same activity
  function onMark(ev) {
    const span = ev.target.closest(".m[data-marks]");
    if (!span) return;
    const d = docs[docState.current];
    showDetail(d, span.dataset.marks.split(",").map(Number));
    const mine = new Set(span.dataset.acts ? span.dataset.acts.split(",") : []);
    for (const s of $("doc-text").querySelectorAll(".m[data-marks]")) {
      s.classList.toggle("linked", s !== span && s.dataset.acts.split(",").some((a) => a && mine.has(a)));
    }
  }
  $("doc-text").addEventListener("mouseover", onMark);
  $("doc-text").addEventListener("click", onMark);

  // #doc=N&act=M opens article N (and centres activity M); the back button works
  function route() {
    const p = new URLSearchParams(location.hash.slice(1));
    let i = parseInt(p.get("doc"), 10);
    if (!(i >= 0 && i < docs.length)) i = docs.findIndex((d) => d.status === "ok");
    const act = parseInt(p.get("act"), 10);
    // only=articles (or any section id) shows that section alone, e.g. for a screenshot
    const only = p.get("only");
    for (const sec of document.querySelectorAll("main > section")) sec.hidden = !!only && sec.id !== only;
    if (i >= 0) {
      const pos = filteredDocs().indexOf(i);
      if (pos >= 0) docState.page = Math.floor(pos / DOC_ROWS);
      renderDoc(i, act >= 0 ? act : null);
      if (p.has("doc") && !only && !(act >= 0)) $("articles").scrollIntoView();
    } else renderDocList();
  }
  window.addEventListener("hashchange", route);
  renderTable();
  route();
})();
