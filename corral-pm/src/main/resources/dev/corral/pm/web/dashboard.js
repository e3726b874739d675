// The corral dashboard's page. Every value from the daemon (app names, log lines, variables) reaches the DOM
// through textContent or setAttribute, never as markup, so nothing the apps print can run here.
"use strict";
(() => {
  const WINDOW_MS = 15 * 60 * 1000;
  const COLOURS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#d1242f", "#57606a"];
  const BAD = new Set(["errored", "exited", "waiting restart"]);
  const state = { instances: [], gates: [], series: {}, csrf: "", logSource: null, logId: null, pending: null };

  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function duration(ms) {
    if (!ms) return "—";
    const s = Math.floor(ms / 1000);
    if (s < 60) return s + "s";
    if (s < 3600) return Math.floor(s / 60) + "m";
    if (s < 86400) return Math.floor(s / 3600) + "h";
    return Math.floor(s / 86400) + "d";
  }
  function bytes(n) {
    if (!n) return "0 B";
    const units = ["B", "KiB", "MiB", "GiB"];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return n.toFixed(i === 0 ? 0 : 1) + " " + units[i];
  }

  // ---- the app table: rows are kept and updated in place (by app name and instance id), so a button under the
  // pointer stays the same element from one second to the next ----
  const appRows = new Map();
  const instanceRows = new Map();
  function renderApps() {
    const body = $("apps-body");
    const byApp = new Map();
    for (const i of state.instances) {
      if (!byApp.has(i.name)) byApp.set(i.name, []);
      byApp.get(i.name).push(i);
    }
    const order = [];
    if (byApp.size === 0) {
      order.push(el("tr", {}, el("td", { colspan: "11", class: "empty" }, "No app is running. Start one with corral start.")));
    }
    for (const [name, list] of byApp) {
      const workers = list.filter((i) => i.mode !== "gate");
      if (!appRows.has(name)) appRows.set(name, appRow(name));
      const row = appRows.get(name);
      row.querySelector("td.mode").textContent = workers.length ? workers[0].mode : "gate";
      row.querySelector("td.count").textContent = workers.length + (workers.length === 1 ? " instance" : " instances");
      row.querySelector("button[data-action='scale']").dataset.count = String(workers.length);
      order.push(row);
      for (const i of list) {
        if (!instanceRows.has(i.id)) instanceRows.set(i.id, instanceRow(i));
        const r = instanceRows.get(i.id);
        updateInstance(r, i);
        order.push(r);
      }
    }
    for (const [name, row] of appRows) if (!byApp.has(name)) appRows.delete(name);
    const ids = new Set(state.instances.map((i) => i.id));
    for (const [id] of instanceRows) if (!ids.has(id)) instanceRows.delete(id);
    for (const child of [...body.children]) if (!order.includes(child)) child.remove();
    order.forEach((row, n) => { if (body.children[n] !== row) body.insertBefore(row, body.children[n] || null); });
  }
  function appRow(name) {
    return el("tr", { class: "app", "data-app": name },
      el("td", {}, ""), el("td", { class: "name" }, name), el("td", { class: "mode" }, ""),
      el("td", { colspan: "7", class: "count" }, ""),
      el("td", {}, button("restart", name, name), button("reload", name, name), button("stop", name, name),
        button("scale", name, name), envButton(name)));
  }
  function instanceRow(i) {
    const label = i.mode === "gate" ? i.name + " (gate)" : i.name + " #" + i.index;
    return el("tr", { class: "instance", "data-instance": String(i.id), "data-app": i.name },
      el("td", { class: "id" }, i.id), el("td", { class: "name" }, label), el("td", { class: "mode" }, i.mode),
      el("td", { class: "status" }, ""), el("td", { class: "num pid" }, ""), el("td", { class: "num uptime" }, ""),
      el("td", { class: "num restarts" }, ""), el("td", { class: "num exit" }, ""), el("td", { class: "num cpu" }, ""),
      el("td", { class: "num memory" }, ""),
      el("td", {}, button("restart", String(i.id), label), logsButton(i)));
  }
  function updateInstance(tr, i) {
    const bad = BAD.has(i.status) || (i.status === "stopped" && i.lastExitCode > 0 && i.lastExitCode < 128);
    tr.className = "instance" + (bad ? " bad" : "");
    const set = (cls, text) => { const td = tr.querySelector("td." + cls); if (td.textContent !== String(text)) td.textContent = text; };
    const status = tr.querySelector("td.status");
    status.className = "status " + i.status.replace(" ", "-");
    set("status", i.status);
    set("pid", i.pid || "—");
    set("uptime", duration(i.uptimeMs));
    set("restarts", i.restarts);
    set("exit", i.lastExitCode < 0 ? "—" : i.lastExitCode);
    set("cpu", i.cpuPercent.toFixed(1) + "%");
    set("memory", bytes(i.memoryBytes));
  }
  function button(action, target, label) {
    const b = el("button", { type: "button", "data-action": action, "data-target": target }, action);
    b.addEventListener("click", () => ask(action, target, label, Number(b.dataset.count || 1)));
    return b;
  }
  function logsButton(i) {
    const b = el("button", { type: "button", "data-logs": String(i.id) }, "logs");
    b.addEventListener("click", () => followLogs(i));
    return b;
  }
  function envButton(name) {
    const b = el("button", { type: "button", "data-env": name }, "env");
    b.addEventListener("click", () => showEnv(name));
    return b;
  }

  // ---- actions, after a confirmation ----
  function ask(action, target, label, count) {
    state.pending = { action, target, label };
    $("confirm-text").textContent = action === "scale" ? "Scale " + label + " to how many instances?"
      : action.charAt(0).toUpperCase() + action.slice(1) + " " + label + "?";
    $("confirm-count-label").hidden = action !== "scale";
    $("confirm-count").value = count || 1;
    $("confirm").showModal();
  }
  async function confirmed() {
    const p = state.pending;
    $("confirm").close();
    if (!p) return;
    state.pending = null;
    const body = { action: p.action, target: p.target };
    if (p.action === "scale") body.count = Number($("confirm-count").value);
    message(p.action + " " + p.label + "…", false);
    try {
      const r = await fetch("/api/action", { method: "POST", headers: { "Content-Type": "application/json",
        "X-Corral-CSRF": state.csrf }, body: JSON.stringify(body), credentials: "same-origin" });
      const answer = await r.json();
      message(answer.ok ? p.action + " " + p.label + ": done" : answer.error, !answer.ok);
    } catch (e) {
      message(p.action + " " + p.label + " failed: " + e, true);
    }
  }
  function message(text, error) {
    const m = $("message");
    m.textContent = text;
    m.className = "message" + (error ? " error" : "");
  }

  // ---- charts: hand-drawn SVG polylines over the last 15 minutes ----
  function renderCharts() {
    const now = Date.now();
    chart("chart-cpu", "cpu/", (v) => v, now);
    chart("chart-mem", "mem/", (v) => v / 1048576, now);
    chart("chart-rps", "rps/", (v) => v, now);
    chart("chart-p99", "p99/", (v) => v, now);
  }
  function seriesLabel(key) {
    const id = key.slice(key.indexOf("/") + 1);
    const i = state.instances.find((x) => String(x.id) === id);
    return i ? i.name + " #" + i.index : id;
  }
  function chart(id, prefix, scale, now) {
    const root = $(id);
    const W = 560, H = 160, left = 36, bottom = 16, top = 6;
    const keys = Object.keys(state.series).filter((k) => k.startsWith(prefix)).sort();
    let max = 0, points = 0, oldest = now;
    for (const k of keys) for (const p of state.series[k]) {
      max = Math.max(max, scale(p[1]));
      if (p[0] >= now - WINDOW_MS) oldest = Math.min(oldest, p[0]);
    }
    // Until 15 minutes of points exist, the chart spans what there is (at least 30 s).
    const span = Math.min(WINDOW_MS, Math.max(30000, now - oldest));
    max = max <= 0 ? 1 : max * 1.1;
    const children = [
      svg("line", { class: "axis", x1: left, y1: H - bottom, x2: W, y2: H - bottom }),
      svg("line", { class: "axis", x1: left, y1: top, x2: left, y2: H - bottom }),
    ];
    const t1 = svg("text", { x: 2, y: top + 8 }); t1.textContent = max.toFixed(max < 10 ? 1 : 0);
    const t0 = svg("text", { x: 2, y: H - bottom }); t0.textContent = "0";
    const tl = svg("text", { x: left, y: H - 3 });
    tl.textContent = span >= WINDOW_MS ? "-15 min" : span < 60000 ? "-" + Math.round(span / 1000) + " s"
      : "-" + Math.round(span / 60000) + " min";
    const tr = svg("text", { x: W - 24, y: H - 3 }); tr.textContent = "now";
    children.push(t1, t0, tl, tr);
    keys.forEach((k, n) => {
      const pts = state.series[k].filter((p) => p[0] >= now - span);
      points += pts.length;
      const coords = pts.map((p) => {
        const x = left + (W - left) * (1 - (now - p[0]) / span);
        const y = H - bottom - (H - bottom - top) * (scale(p[1]) / max);
        return x.toFixed(1) + "," + y.toFixed(1);
      }).join(" ");
      const line = svg("polyline", { points: coords, stroke: COLOURS[n % COLOURS.length], "data-series": k });
      const title = svg("title", {}); title.textContent = seriesLabel(k);
      line.append(title);
      children.push(line);
      const legend = svg("text", { x: left + 6 + (n % 5) * 100, y: top + 10 + Math.floor(n / 5) * 11,
        fill: COLOURS[n % COLOURS.length], class: "legend" });
      legend.textContent = seriesLabel(k);
      children.push(legend);
    });
    root.replaceChildren(...children);
    root.setAttribute("data-points", String(points));
  }

  // ---- gates ----
  function fmt(v, digits, unit) { return v === null || v === undefined ? "—" : v.toFixed(digits) + unit; }
  function renderGates() {
    const box = $("gates");
    if (!state.gates.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No cluster-mode app."));
      return;
    }
    box.replaceChildren(...state.gates.map((g) => {
      const limits = Object.entries(g.limitDecisions || {}).map(([k, v]) => k + " " + v).join(", ");
      const figures = g.source === "metrics"
        ? "req/s " + fmt(g.rps, 1, "") + " · errors " + fmt(g.errorRate === null ? null : g.errorRate * 100, 1, "%")
          + " · p50 " + fmt(g.p50Ms, 1, " ms") + " · p99 " + fmt(g.p99Ms, 1, " ms")
          + (limits ? " · limits: " + limits : "")
        : "servers from the gate's admin API (the gate exports no request figures)";
      const rows = g.servers.map((s) => el("tr", {}, el("td", {}, s.address),
        el("td", { class: "server-" + s.state }, s.state), el("td", { class: "num" }, s.active + " active"),
        el("td", { class: "num" }, s.fails + " fails"), el("td", { class: "num" }, "weight " + s.weight),
        el("td", {}, s.backup ? "backup" : "")));
      return el("div", { class: "gate", "data-gate": g.app }, el("strong", {}, g.app),
        el("div", { class: "figures" }, figures), el("table", {}, el("tbody", {}, ...rows)));
    }));
  }

  // ---- logs of one instance, live ----
  function followLogs(i) {
    if (state.logSource) state.logSource.close();
    state.logId = i.id;
    $("logs-title").textContent = "of " + i.name + " #" + i.index + " (id " + i.id + ")";
    const box = $("logs");
    box.replaceChildren();
    const src = new EventSource("/api/logs?id=" + encodeURIComponent(i.id));
    state.logSource = src;
    src.addEventListener("line", (e) => {
      const line = JSON.parse(e.data);
      const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
      box.append(el("div", { class: line.stream }, line.text));
      while (box.childElementCount > 1000) box.firstElementChild.remove();
      if (atEnd) box.scrollTop = box.scrollHeight;
    });
  }

  // ---- environment of one app, masked by the daemon ----
  async function showEnv(name) {
    const r = await fetch("/api/env?app=" + encodeURIComponent(name), { credentials: "same-origin" });
    const answer = await r.json();
    if (!r.ok) { message(answer.error, true); return; }
    $("env-app").textContent = answer.app;
    $("env-body").replaceChildren(...Object.entries(answer.env).map(([k, v]) =>
      el("tr", {}, el("td", {}, k), el("td", {}, v))));
    $("env-section").hidden = false;
  }

  // ---- live state ----
  function apply(s) {
    state.instances = s.instances;
    state.gates = s.gates;
    renderApps();
    renderGates();
    $("clock").textContent = new Date(s.time || Date.now()).toLocaleTimeString();
  }
  async function load() {
    const r = await fetch("/api/state", { credentials: "same-origin" });
    const s = await r.json();
    state.series = s.series || {};
    apply(s);
    renderCharts();
  }
  function live() {
    const src = new EventSource("/api/events");
    src.onopen = () => { $("live").textContent = "live"; $("live").className = "live on"; load(); };
    src.onerror = () => { $("live").textContent = "reconnecting…"; $("live").className = "live off"; };
    src.addEventListener("sample", (e) => {
      const sample = JSON.parse(e.data);
      const cutoff = Date.now() - WINDOW_MS;
      for (const [k, p] of Object.entries(sample.points)) {
        const list = state.series[k] || (state.series[k] = []);
        list.push(p);
        while (list.length && list[0][0] < cutoff) list.shift();
      }
      apply(sample.state);
      // Series of instances and apps that are gone leave the charts.
      const ids = new Set(state.instances.map((i) => String(i.id)));
      const names = new Set(state.instances.map((i) => i.name));
      for (const k of Object.keys(state.series)) {
        const rest = k.slice(k.indexOf("/") + 1);
        if (!(k.startsWith("cpu/") || k.startsWith("mem/") ? ids.has(rest) : names.has(rest))) delete state.series[k];
      }
      renderCharts();
    });
  }

  async function init() {
    $("confirm-yes").addEventListener("click", confirmed);
    $("confirm-no").addEventListener("click", () => { state.pending = null; $("confirm").close(); });
    $("env-close").addEventListener("click", () => { $("env-section").hidden = true; });
    const r = await fetch("/api/session", { credentials: "same-origin" });
    state.csrf = (await r.json()).csrf;
    await load();
    live();
  }
  init();
})();
