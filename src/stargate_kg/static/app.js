// The query page. Every text from the server or from a query result goes into the page
// through textContent and createElement only, so nothing in the data can become markup.
"use strict";

const state = { prefixes: {}, examples: [], words: {}, lang: "en" };
const $ = (id) => document.getElementById(id);

// The page's words come from the server in the chosen language (stargate_kg.i18n, as the CLI's --lang);
// the English text in index.html stays when they cannot be read.
function t(key, fields, fallback) {
  let text = state.words[key] || fallback || key;
  for (const [k, v] of Object.entries(fields || {})) text = text.split("{" + k + "}").join(String(v));
  return text;
}

function pageLang() {
  const asked = new URLSearchParams(window.location.search).get("lang");
  if (asked === "en" || asked === "zh" || asked === "zh-Hant") return asked;
  const nav = (navigator.language || "").toLowerCase();
  if (/^zh-(hant|tw|hk|mo)/.test(nav)) return "zh-Hant";  // traditional characters (Taiwan, Hong Kong, Macau)
  return nav.startsWith("zh") ? "zh" : "en";
}

function applyWords() {
  document.documentElement.lang = state.lang;
  document.title = t("page_title", {}, document.title);
  for (const [id, key] of [["title", "page_title"], ["about", "page_about"], ["lang-label", "page_language"],
    ["examples-label", "page_examples"], ["pick", "page_pick"], ["query-label", "page_query"], ["run", "page_run"],
    ["hint", "page_hint"]]) {
    if (state.words[key]) $(id).textContent = state.words[key];
  }
  $("lang").value = state.lang;
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function shortIri(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(state.prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}

function cell(term) {
  const td = el("td");
  if (!term) return td;
  if (term.type === "uri") {
    const span = el("span", shortIri(term.value), "iri");
    span.title = term.value;
    td.appendChild(span);
  } else if (term.type === "bnode") {
    td.appendChild(el("span", "_:" + term.value, "bnode"));
  } else {
    td.appendChild(el("span", term.value));
    if (term["xml:lang"]) td.appendChild(el("span", "@" + term["xml:lang"], "lang"));
    else if (term.datatype) td.appendChild(el("span", shortIri(term.datatype), "dt"));
  }
  return td;
}

function showTable(data) {
  const box = $("results");
  const vars = data.head.vars || [];
  const rows = data.results.bindings;
  const table = el("table");
  const head = el("tr");
  for (const v of vars) head.appendChild(el("th", v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr");
    for (const v of vars) tr.appendChild(cell(row[v]));
    body.appendChild(tr);
  }
  table.appendChild(body);
  box.appendChild(table);
  return rows.length === 1 ? t("page_row", {}, "1 row") : t("page_rows", { n: rows.length }, rows.length + " rows");
}

async function run(event) {
  if (event) event.preventDefault();
  const button = $("run");
  const box = $("results");
  box.replaceChildren();
  $("status").textContent = t("page_running", {}, "running…");
  button.disabled = true;
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query: $("query").value }),
    });
    const ms = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      box.appendChild(el("div", response.status + " " + response.statusText + ": " + (await response.text()), "error"));
      $("status").textContent = t("page_failed", { ms: ms }, "failed after " + ms + " ms");
      return;
    }
    let summary;
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if (typeof data.boolean === "boolean") {
        box.appendChild(el("p", data.boolean ? "true" : "false", "boolean"));
        summary = "ASK";
      } else {
        summary = showTable(data);
      }
    } else {
      box.appendChild(el("pre", await response.text(), "graph"));
      summary = t("page_graph", {}, "graph (Turtle)");
    }
    $("status").textContent = t("page_in", { summary: summary, ms: ms }, summary + " in " + ms + " ms");
  } catch (err) {
    box.appendChild(el("div", t("page_no_answer", { error: err }, "The endpoint did not answer: " + err), "error"));
    $("status").textContent = "";
  } finally {
    button.disabled = false;
  }
}

function pick() {
  const ex = state.examples[Number($("examples").value)];
  let text = ex ? ex.description : "";
  if (ex && ex.params && ex.params.length) {
    const values = ex.params.map((p) => p.name + " = " + p.example).join(", ");
    text += " " + t("page_example_values", { values: values },
      "Example values: " + values + " (bound in the VALUES line; edit it to ask about something else).");
  }
  $("example-description").textContent = text;
  if (ex) $("query").value = ex.query;
}

async function init() {
  $("form").addEventListener("submit", run);
  $("query").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(e);
  });
  $("examples").addEventListener("change", pick);
  state.lang = pageLang();
  $("lang").addEventListener("change", () => {
    const params = new URLSearchParams(window.location.search);
    params.set("lang", $("lang").value);
    window.location.search = params.toString();
  });
  try {
    const response = await fetch("/examples.json?lang=" + state.lang);
    const data = await response.json();
    state.words = (data.vocabulary && data.vocabulary.words) || {};
    applyWords();
    state.prefixes = data.prefixes || {};
    state.examples = data.examples || [];
    state.examples.forEach((ex, i) => {
      const option = el("option", ex.title);
      option.value = String(i);
      option.title = ex.name;
      $("examples").appendChild(option);
    });
    if (!state.examples.length) $("examples-box").hidden = true;
    const l = data.limits || {};
    const n = data.triples ? Number(data.triples).toLocaleString("en") : "";
    const triples = n ? t("page_triples", { n: n }, n + " triples. ") : "";
    const rows = Number(l.max_rows).toLocaleString("en");
    $("limits").textContent = triples + t("page_limits", { timeout: l.timeout, rows: rows },
      "Read-only; each query may run " + l.timeout + " s and return " + rows + " rows. SPARQL Update, SERVICE and FROM are refused.");
  } catch (err) {
    $("examples-box").hidden = true;
  }
}

init().then(() => {
  // Links such as /?query=SELECT... or /?example=funders-of open the page with that query and run it.
  const params = new URLSearchParams(window.location.search);
  const shared = params.get("query");
  const index = state.examples.findIndex((ex) => ex.name === params.get("example"));
  if (shared) {
    $("query").value = shared;
    run();
  } else if (index >= 0) {
    $("examples").value = String(index);
    pick();
    run();
  }
});
