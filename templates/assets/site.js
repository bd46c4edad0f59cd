/* echo-site enhancements. Every page works without this file; it only adds conveniences. */
(function () {
  "use strict";

  /* Session times are printed in the course's time zone; add the visitor's own when it differs. */
  function showLocalTimes() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    var times = document.querySelectorAll("time[datetime][data-end]");
    times.forEach(function (el) {
      var start = new Date(el.getAttribute("datetime"));
      var end = new Date(el.getAttribute("data-end"));
      if (isNaN(start) || isNaN(end)) { return; }
      var printedOffset = el.getAttribute("datetime").slice(-6);
      var localOffset = -start.getTimezoneOffset();
      var sign = localOffset >= 0 ? "+" : "-";
      var abs = Math.abs(localOffset);
      var local = sign + String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
      if (local === printedOffset) { return; }
      var day = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });
      var clock = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
      var name = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" }).formatToParts(start)
        .filter(function (p) { return p.type === "timeZoneName"; }).map(function (p) { return p.value; }).join("");
      var span = document.createElement("span");
      span.className = "local-time";
      span.textContent = " (your time: " + day.format(start) + ", " + clock.format(start) + "–" + clock.format(end) + " " + name + ")";
      el.insertAdjacentElement("afterend", span);
    });
  }

  /* On the course list, topic and audience links filter in place instead of opening a new page. */
  function enableFilters() {
    var chips = document.querySelectorAll(".chip[data-filter]");
    var cards = document.querySelectorAll(".course-card");
    var status = document.querySelector(".filter-status");
    if (!chips.length || !cards.length) { return; }
    var active = null;
    chips.forEach(function (chip) {
      chip.setAttribute("role", "button");
      chip.setAttribute("aria-pressed", "false");
      chip.addEventListener("keydown", function (event) {
        if (event.key === " ") { event.preventDefault(); chip.click(); }
      });
      chip.addEventListener("click", function (event) {
        event.preventDefault();
        var same = active === chip;
        chips.forEach(function (c) { c.setAttribute("aria-pressed", "false"); });
        active = same ? null : chip;
        var shown = 0;
        cards.forEach(function (card) {
          var match = !active || (card.getAttribute("data-" + active.getAttribute("data-filter")) || "")
            .split(" ").indexOf(active.getAttribute("data-value")) !== -1;
          card.hidden = !match;
          if (match) { shown += 1; }
        });
        if (active) { active.setAttribute("aria-pressed", "true"); }
        if (status) {
          status.textContent = active ? shown + " course" + (shown === 1 ? "" : "s") + " for " + active.textContent + ". Select it again to show all." : "";
        }
      });
    });
  }

  /* The search page loads Pagefind's interface; the index lives beside the site. */
  function startSearch() {
    var box = document.getElementById("search");
    if (!box || typeof window.PagefindUI !== "function") { return; }
    var root = new URL(box.getAttribute("data-search-root"), window.location.href).pathname;
    var options = { element: "#search", showSubResults: true, showImages: false, baseUrl: root, bundlePath: root + "pagefind/" };
    var extra = (box.getAttribute("data-indexes") || "").split(" ").filter(Boolean);
    if (extra.length) {
      options.mergeIndex = extra.map(function (path) { return { bundlePath: root + path }; });
    }
    new window.PagefindUI(options);
    var params = new URLSearchParams(window.location.search);
    var input = box.querySelector("input");
    if (input && params.get("q")) {
      input.value = params.get("q");
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    showLocalTimes();
    enableFilters();
    startSearch();
  });
}());
