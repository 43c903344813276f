// answerable: small enhancements; every page works without this file.
// Clicking a field, finding or verdict marks (class "active") every piece of its evidence in
// the letter and scrolls to it; the #ev-… link itself already works through CSS :target.
(function () {
  "use strict";

  function clearActive() {
    document.querySelectorAll("mark.ev.active").forEach(function (m) { m.classList.remove("active"); });
    document.querySelectorAll(".ev-link.active").forEach(function (a) { a.classList.remove("active"); });
  }

  function activate(names, link) {
    clearActive();
    var first = null;
    names.forEach(function (name) {
      document.querySelectorAll('mark.ev[data-ev="' + name + '"]').forEach(function (m) {
        m.classList.add("active");
        if (!first) { first = m; }
      });
    });
    if (link) { link.classList.add("active"); }
    if (first) { first.scrollIntoView({ behavior: "smooth", block: "center" }); }
    return first;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.ev-link") : null;
    if (!link) { return; }
    var names = (link.getAttribute("data-ev") || "").split(/\s+/).filter(Boolean);
    if (!names.length) { return; }
    event.preventDefault();
    if (activate(names, link) && history.replaceState) {
      history.replaceState(null, "", "#" + names[0]);
    }
  });

  // Opening a page at #ev-… (e.g. from search) marks that evidence too.
  document.addEventListener("DOMContentLoaded", function () {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (/^ev-\d+-\d+$/.test(hash)) { activate([hash], null); }
  });

  // Commitment forms save through the API (PATCH with the session's CSRF token) without a
  // page reload; without JavaScript the form posts to /commitments/{id} as usual.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("edit-commitment") || !window.fetch) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var body = { status: data.get("status") };
    if (data.get("note")) { body.note = data.get("note"); }
    if (data.get("target_date")) { body.target_date = data.get("target_date"); }
    var message = form.querySelector(".form-message");
    fetch("/api/v1/commitments/" + form.getAttribute("data-id"), {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": data.get("csrf_token") },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (out) { return [response.ok, out]; });
    }).then(function (result) {
      var ok = result[0], out = result[1];
      if (!ok) { message.textContent = out.error ? out.error.message : "Not saved."; return; }
      var cell = form.closest("tr").querySelector("td.c-status");
      cell.textContent = out.status.replace(/_/g, " ");
      cell.setAttribute("data-status", out.status);
      message.textContent = "Saved.";
    }).catch(function () { form.submit(); });
  });
})();
