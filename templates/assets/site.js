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
      var clock = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZoneName: "short" });
      var span = document.createElement("span");
      span.className = "local-time";
      span.textContent = "In your time zone: " + day.format(start) + ", " +
        (clock.formatRange ? clock.formatRange(start, end) : clock.format(start) + " – " + clock.format(end));
      el.insertAdjacentElement("afterend", span);
    });
  }

  /* On a phone, the long list of topics and audiences starts folded so the courses come first. */
  function foldFilters() {
    var filters = document.querySelector("details.filters");
    if (filters && window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
      filters.open = false;
    }
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

  document.addEventListener("DOMContentLoaded", function () {
    showLocalTimes();
    foldFilters();
    enableFilters();
  });
}());
