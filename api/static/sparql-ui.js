// The SPARQL query page: runs the query with fetch and shows the results as a table.
// Every value from the store is untrusted text: it is only ever set with textContent or as a
// same-origin link's href, never as HTML.
"use strict";

(function () {
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const formatSelect = document.getElementById("format");
  const example = document.getElementById("example");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const runButton = document.getElementById("run");
  const idBase = form.dataset.idBase;
  // kind segment of https://w3id.org/provkg/id/<kind>/<id> -> REST path prefix (only pages the server has)
  const pages = JSON.parse(form.dataset.pages || "{}");

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function restUrl(iri) {
    if (!iri.startsWith(idBase)) return null;
    const rest = iri.slice(idBase.length).split("/");
    if (rest.length !== 2 || !rest[1] || !(rest[0] in pages)) return null;
    return pages[rest[0]] + encodeURIComponent(decodeURIComponentSafe(rest[1]));
  }

  // kind segment -> the network view of such a node
  const views = {person: "/view/person/", body: "/view/organization/", campaign: "/view/campaign/",
                 article: "/view/article/"};

  function viewUrl(iri) {
    if (!iri.startsWith(idBase)) return null;
    const rest = iri.slice(idBase.length).split("/");
    if (rest.length !== 2 || !rest[1] || !(rest[0] in views)) return null;
    return views[rest[0]] + encodeURIComponent(decodeURIComponentSafe(rest[1]));
  }

  function decodeURIComponentSafe(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const url = restUrl(term.value);
      if (url) {
        const a = document.createElement("a");
        a.href = url;  // same-origin path built from the IRI's last segment
        a.textContent = term.value;
        td.appendChild(a);
      } else {
        td.textContent = term.value;
      }
      const view = viewUrl(term.value);
      if (view) {
        const v = document.createElement("a");
        v.href = view;  // same-origin view of the node
        v.className = "view-link";
        v.textContent = "view";
        td.appendChild(document.createTextNode(" "));
        td.appendChild(v);
      }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else if (term.type === "triple") {
      td.textContent = "<< " + [term.value.subject, term.value.predicate, term.value.object]
        .map(function (t) { return t.value; }).join(" ") + " >>";
    } else {
      td.textContent = term.value;
      const extra = term["xml:lang"] ? "@" + term["xml:lang"] : (term.datatype ? term.datatype.replace(/^.*[#/]/, "") : "");
      if (extra) {
        const span = document.createElement("span");
        span.className = term["xml:lang"] ? "lang" : "datatype";
        span.textContent = extra;
        td.appendChild(span);
      }
    }
    return td;
  }

  function showTable(data, truncated, limit) {
    results.replaceChildren();
    if (truncated) {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = "Only the first " + limit + " rows are shown: the server's row limit.";
      results.appendChild(note);
    }
    if ("boolean" in data) {
      const p = document.createElement("p");
      p.textContent = "ASK: " + data.boolean;
      results.appendChild(p);
      return;
    }
    const vars = data.head.vars;
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    vars.forEach(function (v) {
      const th = document.createElement("th");
      th.textContent = "?" + v;
      head.appendChild(th);
    });
    const body = table.createTBody();
    data.results.bindings.forEach(function (binding) {
      const row = body.insertRow();
      vars.forEach(function (v) { row.appendChild(cell(binding[v])); });
    });
    results.appendChild(table);
  }

  function showText(text) {
    const pre = document.createElement("pre");
    pre.textContent = text;
    results.replaceChildren(pre);
  }

  async function run(event) {
    if (formatSelect.value) return;  // a download format: let the browser GET /sparql?format=...
    event.preventDefault();
    runButton.disabled = true;
    setStatus("Running…", false);
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
        },
        body: new URLSearchParams({ query: textarea.value }),
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok) {
        let message = response.status + " " + response.statusText;
        if (type.startsWith("application/json")) {
          const err = await response.json();
          message += ": " + (typeof err.detail === "string" ? err.detail : JSON.stringify(err.detail));
        }
        results.replaceChildren();
        setStatus(message, true);
        return;
      }
      const truncated = response.headers.get("X-Provkg-Truncated") === "true";
      const limit = response.headers.get("X-Provkg-Row-Limit");
      const rows = response.headers.get("X-Provkg-Rows");
      if (type.startsWith("application/sparql-results+json")) {
        showTable(await response.json(), truncated, limit);
      } else {
        showText(await response.text());
      }
      setStatus((rows === null ? "" : rows + " row(s), ") + seconds + " s" + (truncated ? " (truncated)" : ""), false);
    } catch (e) {
      setStatus("Request failed: " + e, true);
    } finally {
      runButton.disabled = false;
    }
  }

  example.addEventListener("change", function () {
    const tpl = document.querySelector('template.example-text[data-index="' + example.value + '"]');
    if (tpl) textarea.value = tpl.content.textContent;
  });
  textarea.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") form.requestSubmit();
  });
  form.addEventListener("submit", run);
})();
