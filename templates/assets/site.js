/* echo-site enhancements. Every page works without this file; it only adds conveniences. */
(function () {
  "use strict";

  /* A video player loads only when asked for: the page stays light, and nothing is sent to
     the video host before the visitor chooses to watch. */
  function enableVideos() {
    document.querySelectorAll("a.video-facade[data-embed]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var frame = document.createElement("iframe");
        frame.src = link.getAttribute("data-embed");
        frame.title = link.getAttribute("data-title") || "Video";
        frame.allow = link.getAttribute("data-allow") || "fullscreen";
        frame.setAttribute("allowfullscreen", "");
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        link.replaceWith(frame);
        frame.focus();
      });
    });
  }

  /* "3 courses for Nurses. Select it again to show all.", in the page's language: the status
     element carries the message's plural forms, by Intl.PluralRules category. */
  function shownText(status, count, name) {
    var forms = JSON.parse(status.getAttribute("data-shown") || "{}");
    var form = forms[new Intl.PluralRules(document.documentElement.lang || "en").select(count)] || forms.other || "";
    return form.replace("{count}", String(count)).replace("{name}", name);
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
          status.textContent = active ? shownText(status, shown, active.textContent) : "";
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableVideos();
    enableFilters();
  });
}());
