/* Each session's time in the visitor's own zone, under the course's. Run inline at the end of
   the page, before it is first drawn, so nothing moves once it is on screen. */
(function () {
  "use strict";
  /* "1:00 pm", "12:30 pm": the same style the pages are printed in. */
  function clock(date, zone) {
    var parts = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", hour12: true, timeZone: zone })
      .formatToParts(date);
    var hour = "", minute = "", half = "";
    parts.forEach(function (p) {
      if (p.type === "hour") { hour = p.value; }
      if (p.type === "minute") { minute = p.value; }
      if (p.type === "dayPeriod") { half = p.value.toLowerCase().replace(/\./g, ""); }
    });
    return { text: hour + ":" + minute, half: half };
  }

  function zoneName(date, zone) {
    var part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
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
      var day = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: zone }).format(start);
      var from = clock(start, zone), to = clock(end, zone);
      var range = from.half === to.half ? from.text + "–" + to.text + " " + to.half
        : from.text + " " + from.half + "–" + to.text + " " + to.half;
      var span = document.createElement("span");
      span.className = "local-time";
      span.textContent = "In your time zone: " + day + ", " + range + " " + zoneName(start, zone);
      el.insertAdjacentElement("afterend", span);
    });
  }

  showLocalTimes();
}());
