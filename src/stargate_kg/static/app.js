// The query page. Every text from the server or from a query result goes into the page
// through textContent and createElement only, so nothing in the data can become markup.
"use strict";

const state = { prefixes: {}, examples: [] };
const $ = (id) => document.getElementById(id);

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
  return rows.length + (rows.length === 1 ? " row" : " rows");
}

async function run(event) {
  if (event) event.preventDefault();
  const button = $("run");
  const box = $("results");
  box.replaceChildren();
  $("status").textContent = "running…";
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
      $("status").textContent = "failed after " + ms + " ms";
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
      summary = "graph (Turtle)";
    }
    $("status").textContent = summary + " in " + ms + " ms";
  } catch (err) {
    box.appendChild(el("div", "The endpoint did not answer: " + err, "error"));
    $("status").textContent = "";
  } finally {
    button.disabled = false;
  }
}

function pick() {
  const ex = state.examples[Number($("examples").value)];
  let text = ex ? ex.description : "";
  if (ex && ex.params && ex.params.length) {
    text += " Example values: " + ex.params.map((p) => p.name + " = " + p.example).join(", ") +
      " (bound in the VALUES line; edit it to ask about something else).";
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
  try {
    const response = await fetch("/examples.json");
    const data = await response.json();
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
    const triples = data.triples ? Number(data.triples).toLocaleString("en") + " triples. " : "";
    $("limits").textContent = triples + "Read-only; each query may run " + l.timeout + " s and return " +
      Number(l.max_rows).toLocaleString("en") + " rows. SPARQL Update, SERVICE and FROM are refused.";
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
