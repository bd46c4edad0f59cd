/* Each session's time in the visitor's own zone, under the course's. Run inline at the end of
   the page, before it is first drawn, so nothing moves once it is on screen. In the language of
   the text around each time (its lang), with the words the script element carries. */
(function () {
  "use strict";
  var script = document.currentScript;
  var label = (script && script.getAttribute("data-label")) || "In your time zone: {when}";
  var hour12 = !script || script.getAttribute("data-clock") !== "24";

  function english(lang) { return !lang || lang.toLowerCase().split("-")[0] === "en"; }

  /* "1:00 pm", "12:30 pm": the same style the pages are printed in (in English, lowercase
     with no dots; in other languages, as the browser writes them). */
  function clock(date, zone, lang) {
    var options = { hour: "numeric", minute: "2-digit", timeZone: zone };
    if (hour12) { options.hour12 = true; } else { options.hourCycle = "h23"; }
    var parts = new Intl.DateTimeFormat(english(lang) ? "en-US" : lang, options).formatToParts(date);
    var hour = "", minute = "", half = "";
    parts.forEach(function (p) {
      if (p.type === "hour") { hour = p.value; }
      if (p.type === "minute") { minute = p.value; }
      if (p.type === "dayPeriod") { half = english(lang) ? p.value.toLowerCase().replace(/\./g, "") : p.value; }
    });
    if (!hour12 && hour.length < 2) { hour = "0" + hour; }
    return { text: hour + ":" + minute, half: half };
  }

  function zoneName(date, zone, lang) {
    var part = new Intl.DateTimeFormat(english(lang) ? "en-US" : lang, { timeZone: zone, timeZoneName: "short" })
      .formatToParts(date).filter(function (p) { return p.type === "timeZoneName"; })[0];
    return part ? part.value : zone;
  }

  /* Session times are printed in the course's time zone; add the visitor's own when it differs. */
  function showLocalTimes() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) { return; }
    document.querySelectorAll("time[datetime][data-end]").forEach(function (el) {
      var start = new Date(el.getAttribute("datetime"));
      var end = new Date(el.getAttribute("data-end"));
      if (isNaN(start) || isNaN(end)) { return; }
      var printedOffset = el.getAttribute("datetime").slice(-6);
      var localOffset = -start.getTimezoneOffset();
      var sign = localOffset >= 0 ? "+" : "-";
      var abs = Math.abs(localOffset);
      var local = sign + String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
      if (local === printedOffset) { return; }
      var within = el.closest("[lang]");
      var lang = within ? within.getAttribute("lang") : "en";
      var day = new Intl.DateTimeFormat(english(lang) ? "en-US" : lang, { weekday: "long", month: "long", day: "numeric", timeZone: zone }).format(start);
      var from = clock(start, zone, lang), to = clock(end, zone, lang);
      var range = from.half === to.half ? from.text + "–" + to.text + (to.half ? " " + to.half : "")
        : from.text + " " + from.half + "–" + to.text + " " + to.half;
      var span = document.createElement("span");
      span.className = "local-time";
      span.textContent = label.replace("{when}", day + ", " + range + " " + zoneName(start, zone, lang));
      el.insertAdjacentElement("afterend", span);
    });
  }

  showLocalTimes();
}());
