/* The editing page's previews: each entry as its published page will show it, in the markup of
   the theme's templates (base.html, course.html, recording.html, page.html, home.html), with the
   theme's stylesheet and the brand colours of site.yaml. Site settings show the header, a
   sample of the colours and the footer, live from the form.

   What the build decides from its date (a course's status, its registration, which sessions'
   credit can be claimed, a recording's credit, whether a disclosure is still current) is
   worked out here as of today in the hub's time zone, which is what the site shows once it is
   built today, and the preview says so. The rules are the build's, ported: formats.py (dates,
   times, patterns), schedule.py (schedule rules), documents.py (credit types, guests,
   disclosures), timeline.py (statuses, claim windows, who controls an activity's content) and
   colors.py (shades and contrast); tests/test_cms_previews.py runs them in Node against the
   Python, and draws every preview of two hubs to compare with their built pages. Plain ES5
   with Decap's own `h` and `createClass`, so there is nothing to build. */
(function (root) {
  "use strict";

  // -- the build's rules, ported -------------------------------------------------------------

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  var DAY = 86400000;

  function text(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  // A list field's value; a single value (written by hand) as a list of one.
  function list(value) {
    if (Array.isArray(value)) return value;
    return value === undefined || value === null || value === "" ? [] : [value];
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // A date as a day number (days since 1970-01-01): "2026-02-30" and other non-dates are null.
  function dayOf(value) {
    if (value instanceof Date) return isNaN(value.getTime()) ? null : Math.floor(value.getTime() / DAY);
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text(value).trim());
    if (!match) return null;
    var date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    if (date.getUTCMonth() !== +match[2] - 1 || date.getUTCDate() !== +match[3]) return null;
    return Math.round(date.getTime() / DAY);
  }

  function dayFrom(year, month, day) {
    return Math.round(Date.UTC(year, month - 1, day) / DAY);
  }

  function parts(day) {
    var date = new Date(day * DAY);
    return {
      year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(),
      weekday: (date.getUTCDay() + 6) % 7  // Monday is 0, as in Python
    };
  }

  function isoDay(day) {
    return new Date(day * DAY).toISOString().slice(0, 10);
  }

  function longDate(day) {
    var p = parts(day);
    return WEEKDAYS[p.weekday] + ", " + MONTHS[p.month - 1] + " " + p.day + ", " + p.year;
  }

  function mediumDate(day) {
    var p = parts(day);
    return MONTHS[p.month - 1] + " " + p.day + ", " + p.year;
  }

  function monthShort(day) {
    return MONTHS[parts(day).month - 1].slice(0, 3);
  }

  // "12:00-13:00" as [720, 780] minutes, as the build reads it; null when it would refuse it.
  function timeRangeOf(value) {
    var match = /^(\d{1,2}):(\d{2})\s*(?:-|–|—|to)\s*(\d{1,2}):(\d{2})$/.exec(text(value).trim());
    if (!match) return null;
    if (+match[1] > 23 || +match[3] > 23 || +match[2] > 59 || +match[4] > 59) return null;
    var start = +match[1] * 60 + +match[2];
    var end = +match[3] * 60 + +match[4];
    return end > start ? [start, end] : null;
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function clockTime(minutes, clock, meridiem) {
    var hour = Math.floor(minutes / 60);
    if (clock === 24) return pad(hour) + ":" + pad(minutes % 60);
    var result = ((hour % 12) || 12) + ":" + pad(minutes % 60);
    if (meridiem) result += hour < 12 ? " am" : " pm";
    return result;
  }

  // formats.time_range: "12:00–1:00 pm EST", the meridiem once when both ends share it.
  function timeRange(start, end, clock, label) {
    var sameHalf = (start < 720) === (end < 720);
    var first = clockTime(start, clock, !sameHalf || clock === 24);
    return first + "–" + clockTime(end, clock, true) + (label ? " " + label : "");
  }

  function shortZoneName(instant, zone, locale) {
    var found = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "short" })
      .formatToParts(instant).filter(function (part) { return part.type === "timeZoneName"; });
    return found.length ? found[0].value : "";
  }

  // The zone's abbreviation on that day (EST in January, EDT in July), as the build's tz
  // database writes it: the browser knows US and most European abbreviations; for zones
  // without one it gives the offset, as the build does (UTC+5:30).
  function zoneLabel(day, minutes, zone) {
    // The moment as if the zone were UTC: hours off at most, never across a change of clocks
    // at the times sessions are held.
    var instant = new Date(day * DAY + minutes * 60000);
    try {
      var name = shortZoneName(instant, zone, "en-US");
      if (/^GMT[+-]/.test(name)) {
        var british = shortZoneName(instant, zone, "en-GB");
        if (!/^GMT[+-]/.test(british)) name = british;
      }
      var offset = /^GMT([+-]\d+(?::\d\d)?)$/.exec(name);
      return offset ? "UTC" + offset[1] : name;
    } catch (error) {
      return "";  // not a time zone: the build says so
    }
  }

  // formats.friendly_zone: "Eastern Time". The build gives the names of the zones the site
  // uses; others come from the browser, which knows the same names (CLDR's).
  function zoneName(zone, names) {
    if (names && has(names, zone)) return names[zone];
    try {
      var found = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longGeneric" })
        .formatToParts(new Date()).filter(function (part) { return part.type === "timeZoneName"; });
      if (found.length) return found[0].value;
    } catch (error) { /* below */ }
    return text(zone).split("/").pop().replace(/_/g, " ");
  }

  // formats.hours: 1, 1.5 or 0.75. Python rounds a half cent to the even one (0.125 is 0.12)
  // where toFixed rounds it up; the only numbers exactly halfway are odd eighths.
  function hours(value) {
    if (value === undefined || value === null || value === "") return "";
    var number = Number(value);
    var fixed = number.toFixed(2);
    if (number > 0 && Number.isInteger(number * 8) && (number * 8) % 2 === 1) {
      var cents = Math.floor(number * 100);
      fixed = ((cents % 2 ? cents + 1 : cents) / 100).toFixed(2);
    }
    return fixed.replace(/0+$/, "").replace(/\.$/, "");
  }

  // formats.duration: "58 minutes", "1 hour 30 minutes".
  function duration(minutes) {
    minutes = Number(minutes);
    if (!minutes) return "";
    var whole = Math.floor(minutes / 60);
    var rest = minutes % 60;
    var words = [];
    if (whole) words.push(whole + " hour" + (whole !== 1 ? "s" : ""));
    if (rest) words.push(rest + " minute" + (rest !== 1 ? "s" : ""));
    return words.join(" ");
  }

  // urls.slugify, for the topic pages' addresses.
  function slugify(name) {
    var ascii = text(name).normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    var slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    var letters = text(name).replace(/[^\p{L}\p{N}_]/gu, "");
    if (slug && slug.length * 2 >= letters.length) return slug;
    return text(name).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "") || "item";
  }

  // -- schedule rules (schedule.py) ----------------------------------------------------------

  var WEEKDAY_WORDS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  var ORDINALS = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4,
    "4th": 4, fifth: 5, "5th": 5, last: -1 };
  var ORDINAL_WORDS = { 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", "-1": "last" };
  var EVERY_WORDS = { weekly: [1, "week"], week: [1, "week"], biweekly: [2, "week"],
    fortnightly: [2, "week"], "other week": [2, "week"], "every other week": [2, "week"],
    monthly: [1, "month"], month: [1, "month"], "other month": [2, "month"],
    "every other month": [2, "month"] };
  var MAX_SESSIONS = 1000;
  var MAX_YEARS = 10;

  // A rule the build would refuse; its message is the build's.
  function ScheduleProblem(message) {
    this.message = message;
  }

  function parseEvery(value) {
    var cleaned = text(value).toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    if (has(EVERY_WORDS, cleaned)) return EVERY_WORDS[cleaned];
    var match = /^(?:every\s+)?(\d+)?\s*(week|month)s?$/.exec(cleaned);
    if (match) {
      var count = match[1] ? +match[1] : 1;
      if (count >= 1 && count <= 52) return [count, match[2]];
    }
    throw new ScheduleProblem("'" + text(value) + "' is not a repeat the schedule understands");
  }

  function weekdayOf(word) {
    if (/days$/.test(word)) word = word.replace(/s+$/, "");
    for (var index = 0; index < 7; index++) {
      var name = WEEKDAY_WORDS[index];
      if (word === name || (word.length >= 3 && name.indexOf(word) === 0)) return index;
    }
    return null;
  }

  function ordinalOrder(ordinal) {
    return ordinal === -1 ? 99 : ordinal;
  }

  function unique(numbers) {
    return numbers.filter(function (value, index) { return numbers.indexOf(value) === index; });
  }

  function parseOn(value, unit) {
    var words = text(value).toLowerCase().split(/[\s,]+/).filter(function (word) {
      return word && word !== "and" && word !== "&" && word !== "the";
    });
    var weekdays = words.map(weekdayOf).filter(function (day) { return day !== null; });
    var ordinals = words.filter(function (word) { return has(ORDINALS, word); })
      .map(function (word) { return ORDINALS[word]; });
    var unknown = words.filter(function (word) { return weekdayOf(word) === null && !has(ORDINALS, word); });
    if (unknown.length || !weekdays.length) {
      throw new ScheduleProblem("'" + text(value) + "' is not a day the schedule understands");
    }
    if (unit === "week") {
      if (ordinals.length) {
        throw new ScheduleProblem("'" + text(value) + "' names a week of the month, but the course repeats every few weeks");
      }
      return unique(weekdays).sort().map(function (day) { return { weekday: day, ordinal: null }; });
    }
    if (!ordinals.length) {
      throw new ScheduleProblem("a monthly schedule needs to say which " + WEEKDAY_WORDS[weekdays[0]] + " of the month");
    }
    if (weekdays.length !== 1) {
      throw new ScheduleProblem("'" + text(value) + "' names more than one weekday for a monthly schedule");
    }
    return unique(ordinals).sort(function (a, b) { return ordinalOrder(a) - ordinalOrder(b); })
      .map(function (ordinal) { return { weekday: weekdays[0], ordinal: ordinal }; });
  }

  // The form's schedule as the build reads it: {starts, every, unit, on, count, ends, except}.
  function readRule(schedule) {
    ["starts", "every", "on"].forEach(function (name) {
      if (!text(schedule[name]).trim()) throw new ScheduleProblem("the schedule needs " + name);
    });
    var starts = dayOf(schedule.starts);
    if (starts === null) throw new ScheduleProblem("the schedule's starts is not a date");
    var every = parseEvery(schedule.every);
    parseOn(schedule.on, every[1]);
    var count = schedule.count === undefined || schedule.count === null || schedule.count === "" ? null : Number(schedule.count);
    if (count !== null && !(count >= 1 && Math.floor(count) === count)) {
      throw new ScheduleProblem("the schedule's count is not a number of sessions");
    }
    var ends = dayOf(schedule.ends);
    if (count === null && ends === null) throw new ScheduleProblem("the schedule needs count or ends");
    if (count !== null && ends !== null) throw new ScheduleProblem("the schedule gives both count and ends");
    if (ends !== null && ends < starts) {
      throw new ScheduleProblem("the schedule ends (" + isoDay(ends) + ") before it starts (" + isoDay(starts) + ")");
    }
    var skipped = list(schedule["except"]).map(dayOf).filter(function (day) { return day !== null; });
    return { starts: starts, every: every[0], unit: every[1], on: text(schedule.on), count: count, ends: ends, except: skipped };
  }

  function weeklyDays(rule, days, horizon) {
    var wanted = days.map(function (d) { return d.weekday; });
    var first = rule.starts;
    while (wanted.indexOf(parts(first).weekday) < 0) first += 1;
    var firstWeek = first - parts(first).weekday;
    var found = [];
    for (var day = first; day <= horizon; day++) {
      var weeks = Math.floor((day - firstWeek) / 7);
      if (wanted.indexOf(parts(day).weekday) >= 0 && weeks % rule.every === 0) found.push(day);
    }
    return found;
  }

  function nthWeekday(year, month, rule) {
    var first = dayFrom(year, month, 1);
    var offset = (((rule.weekday - parts(first).weekday) % 7) + 7) % 7;
    var matches = [];
    for (var n = 0; n < 5; n++) {
      var day = first + offset + 7 * n;
      if (parts(day).month === month) matches.push(day);
    }
    if (rule.ordinal === -1) return matches[matches.length - 1];
    return rule.ordinal <= matches.length ? matches[rule.ordinal - 1] : null;
  }

  function monthlyDays(rule, days, horizon) {
    var start = parts(rule.starts);
    var year = start.year;
    var month = start.month;
    var anchor = null;
    var found = [];
    while (dayFrom(year, month, 1) <= horizon) {
      var inMonth = days.map(function (d) { return nthWeekday(year, month, d); })
        .filter(function (day) { return day !== null && day >= rule.starts && day <= horizon; })
        .sort(function (a, b) { return a - b; });
      if (inMonth.length && anchor === null) anchor = year * 12 + month;
      if (anchor !== null && (year * 12 + month - anchor) % rule.every === 0) found = found.concat(inMonth);
      if (month === 12) { year += 1; month = 1; } else { month += 1; }
    }
    return found;
  }

  // schedule.expand: the rule's session dates, and the `except` dates it does not give.
  function expand(rule) {
    var days = parseOn(rule.on, rule.unit);
    var start = parts(rule.starts);
    var horizon = rule.ends !== null ? rule.ends : dayFrom(start.year + MAX_YEARS, start.month, 28);
    var candidates = rule.unit === "week" ? weeklyDays(rule, days, horizon) : monthlyDays(rule, days, horizon);
    var dates = [];
    var matched = [];
    for (var index = 0; index < candidates.length; index++) {
      var day = candidates[index];
      if (rule.except.indexOf(day) >= 0) { matched.push(day); continue; }
      dates.push(day);
      if ((rule.count !== null && dates.length >= rule.count) || dates.length >= MAX_SESSIONS) break;
    }
    var unmatched = unique(rule.except.filter(function (day) { return matched.indexOf(day) < 0; }))
      .sort(function (a, b) { return a - b; });
    return { dates: dates, unmatched: unmatched };
  }

  function ordinalWord(number) {
    return { 2: "second", 3: "third", 4: "fourth", 6: "sixth" }[number] || number + "th";
  }

  // formats.cadence: "every other Thursday", "first and third Wednesday of each month".
  function cadence(rule) {
    var days = parseOn(rule.on, rule.unit);
    if (rule.unit === "week") {
      var names = days.map(function (d) { return WEEKDAYS[d.weekday]; }).join(" and ");
      if (rule.every === 1) return "every " + names;
      if (rule.every === 2) return "every other " + names;
      return "every " + rule.every + " weeks on " + names;
    }
    var which = days.map(function (d) { return ORDINAL_WORDS[d.ordinal || 1]; }).join(" and ") +
      " " + WEEKDAYS[days[0].weekday];
    if (rule.every === 1) return which + " of each month";
    return which + " of every " + ordinalWord(rule.every) + " month";
  }

  // formats.meeting_pattern, from the held sessions' days (sorted) or the rule.
  function meetingPattern(days, rule) {
    if (rule) {
      var words = cadence(rule);
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
    days = unique(days).sort(function (a, b) { return a - b; });
    if (days.length < 2) return days.length ? "One session" : "";
    var gaps = unique(days.slice(1).map(function (day, index) { return day - days[index]; }));
    var weekday = WEEKDAYS[parts(days[0]).weekday];
    var sameDay = unique(days.map(function (day) { return parts(day).weekday; })).length === 1;
    if (gaps.length === 1 && gaps[0] === 7) return "Every " + weekday;
    if (gaps.length === 1 && gaps[0] === 14) return "Every other " + weekday;
    if (sameDay) return days.length + " " + weekday + "s";
    return days.length + " sessions";
  }

  // formats.usual_time: the most common time of the held sessions, with the zone's name.
  function usualTime(sessions, clock, name) {
    if (!sessions.length) return "";
    var counts = {};
    var order = [];
    sessions.forEach(function (s) {
      var key = s.start * 1440 + s.end;
      if (!has(counts, key)) { counts[key] = 0; order.push(key); }
      counts[key] += 1;
    });
    var best = order.reduce(function (a, b) {
      return counts[b] > counts[a] || (counts[b] === counts[a] && b > a) ? b : a;
    });
    var start = Math.floor(best / 1440);
    var end = best % 1440;
    return (order.length > 1 ? "usually " : "") + timeRange(start, end, clock, "") + " " + name;
  }

  // -- statuses (timeline.py), as of a day ---------------------------------------------------

  function courseStatus(first, last, today) {
    if (today < first) return "upcoming";
    if (today <= last) return "in-progress";
    return "ended";
  }

  function filled(value) {
    if (!value || typeof value !== "object") return false;
    return Object.keys(value).some(function (key) {
      var item = value[key];
      return item !== undefined && item !== null && item !== "" && !(Array.isArray(item) && !item.length);
    });
  }

  function registrationStatus(registration, status, today) {
    if (!filled(registration)) return status === "ended" ? "closed" : null;
    if (registration.status) return text(registration.status);
    var closes = dayOf(registration.closes);
    if (closes !== null && today > closes) return "closed";
    if (status === "ended") return "closed";
    return registration.url ? "open" : null;
  }

  function creditStatus(released, expires, today) {
    if (today < released) return "upcoming";
    if (today <= expires) return "available";
    return "expired";
  }

  // -- credit, claim windows and disclosures (documents.py, timeline.py) ----------------------

  // Whether a form value would be written: Decap leaves out what is left empty (cms.js).
  function given(value) {
    return !(value === undefined || value === null || text(value).trim() === "" ||
      (Array.isArray(value) && !value.length));
  }

  // documents._credit_lines: a credit's `type` with its hours, or each of its `types`, each
  // with its statement from site.yaml (null: none, which the build warns about). `hoursName` is
  // hours_per_session for a course, hours for a recording; `section` the credit's name in the
  // build's messages. What the build would refuse is in `problems`, and then there is no credit.
  function creditLines(credit, hoursName, statements, section) {
    var found = { lines: [], problems: [] };
    if (!filled(credit)) return found;
    var types = list(credit.types).filter(function (item) { return item && typeof item === "object"; });
    var items = [credit];
    if (types.length) {
      var both = ["type", hoursName].filter(function (name) { return given(credit[name]); });
      if (both.length) {
        found.problems.push("this credit gives both " + both[0] + " and types");
        return found;
      }
      items = types;
    }
    var seen = {};
    for (var index = 0; index < items.length; index++) {
      var item = items[index];
      var type = text(item.type).trim();
      if (!type) {
        found.problems.push("a " + section + (items === types ? " type" : "") + " needs 'type'");
        found.lines = [];
        return found;
      }
      if (has(seen, type)) {
        found.problems.push("the credit type '" + type + "' is listed twice");
        found.lines = [];
        return found;
      }
      seen[type] = true;
      found.lines.push({
        type: type,
        hours: given(item[hoursName]) ? Number(item[hoursName]) : null,
        statement: statements && has(statements, type) ? statements[type] : null
      });
    }
    return found;
  }

  // timeline.claim_closes: the last day a session's credit can be claimed, while it can (from
  // the day it is held through claim_days after it); null before, after, for a cancelled
  // session, or without a claim address.
  function claimCloses(day, cancelled, credit, today) {
    if (!credit || !given(credit.claim_url) || cancelled) return null;
    var closes = day + (Number(credit.claim_days) || 30);
    return day <= today && today <= closes ? closes : null;
  }

  // timeline.add_years: the same day of the month, years later (29 February: the 28th).
  function addYears(day, years) {
    var p = parts(day);
    var later = dayFrom(p.year + years, p.month, p.day);
    return parts(later).day === p.day ? later : dayFrom(p.year + years, p.month, 28);
  }

  // timeline.disclosure_status: a disclosure is good for a year from the day it was made.
  function disclosureStatus(disclosure, today) {
    return today > addYears(dayOf(disclosure.date), 1) ? "stale" : "current";
  }

  // documents.disclosure: `disclosures` (none, or company and relationship) with the day they
  // were `disclosed`, both or neither; the build refuses one without the other.
  function disclosureOf(values, problems) {
    var written = values.disclosures;
    var day = dayOf(values.disclosed);
    var relationships = null;
    if (typeof written === "string" && written.trim().toLowerCase() === "none") {
      relationships = [];
    } else if (Array.isArray(written) && written.length) {
      relationships = written.filter(Boolean).map(function (r) {
        return [text(r.company).trim(), text(r.relationship).trim()];
      });
    }
    if (relationships === null || day === null) {
      if (relationships !== null && !given(values.disclosed)) {
        problems.push("these disclosures have no date");
      } else if (day !== null && !given(written)) {
        problems.push("disclosed gives a date, but there are no disclosures");
      }
      return null;
    }
    return { relationships: relationships, date: isoDay(day) };
  }

  // documents.guests: presenters named on a session or a recording, as people without an id
  // (`name` with credentials, as pages show it; `plain_name` without).
  function guestsOf(items, problems) {
    return list(items).filter(function (g) { return g && text(g.name).trim(); }).map(function (g) {
      var name = text(g.name).trim();
      var credentials = text(g.credentials).trim() || null;
      return {
        id: "", plain_name: name, name: credentials ? name + ", " + credentials : name,
        credentials: credentials, role: text(g.role).trim() || null,
        organization: text(g.organization).trim() || null, disclosure: disclosureOf(g, problems)
      };
    });
  }

  // timeline._controllers: everyone in control of an activity's content, each once with their
  // roles in order, from [id or guest, role] pairs; ids not in people.yaml are left out.
  function controllers(named, people) {
    var order = [];
    var found = {};
    named.forEach(function (pair) {
      var who = pair[0];
      var key;
      var person;
      if (who && typeof who === "object") {
        key = JSON.stringify([who.plain_name, who.credentials, who.organization]);
        person = who;
      } else if (people && has(people, who)) {
        key = "id " + who;
        person = { id: who };
        Object.keys(people[who]).forEach(function (name) { person[name] = people[who][name]; });
      } else {
        return;
      }
      if (!has(found, key)) {
        found[key] = { person: person, roles: [] };
        order.push(key);
      }
      if (found[key].roles.indexOf(pair[1]) < 0) found[key].roles.push(pair[1]);
    });
    return order.map(function (key) { return found[key]; });
  }

  // timeline.course_controllers: its planners, its hub team, and the presenters and guests of
  // its sessions that are held (a plan's sessions, in date order).
  function courseControllers(data, sessions, people) {
    var named = list(data.planners).map(function (id) { return [id, "planner"]; })
      .concat(list(data.faculty).map(function (id) { return [id, "hub team"]; }));
    sessions.forEach(function (s) {
      if (s.cancelled) return;
      named = named.concat(s.presenters.map(function (id) { return [id, "presenter"]; }),
        s.guests.map(function (guest) { return [guest, "guest presenter"]; }));
    });
    return controllers(named, people);
  }

  // timeline.recording_controllers: its planners and its presenters.
  function recordingControllers(data, guests, people) {
    return controllers(list(data.planners).map(function (id) { return [id, "planner"]; })
      .concat(list(data.presenters).map(function (id) { return [id, "presenter"]; }),
        guests.map(function (guest) { return [guest, "guest presenter"]; })), people);
  }

  // What macros.html's disclosure_list says of a person's disclosure.
  function disclosureWords(disclosure) {
    if (!disclosure) return "no disclosure on file yet.";
    if (!disclosure.relationships.length) return "no relevant financial relationships.";
    return disclosure.relationships.map(function (r) { return r[0] + " (" + r[1] + ")"; }).join("; ") + ".";
  }

  // timeline._disclosure_problem's message, as of a day: a disclosure not on file, or stale.
  function disclosureWarning(person, noun, today) {
    var who = person.id ? person.plain_name + " (" + person.id + ")" : "the guest presenter " + person.plain_name;
    if (!person.disclosure) return who + " has no disclosure on file, and this " + noun + " offers credit";
    if (disclosureStatus(person.disclosure, today) === "stale") {
      return "the disclosure of " + who + " is dated " + person.disclosure.date +
        ", more than a year before " + isoDay(today) + ", and this " + noun + " offers credit";
    }
    return null;
  }

  // Today in the hub's time zone, the day a build today is made for.
  function todayIn(zone) {
    var found = {};
    new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric" })
      .formatToParts(new Date()).forEach(function (part) { found[part.type] = +part.value; });
    return dayFrom(found.year, found.month, found.day);
  }

  // A course's sessions and statuses from its form, as documents.py and planner.py make them,
  // with its credit, the sessions' claim windows and, on a site that publishes disclosures,
  // everyone in control of its content. `problems` holds, in the build's words, what would
  // stop it, and `warnings` what it would warn about: the preview shows the rest.
  function planCourse(data, today, settings) {
    var zone = text(data.timezone) || settings.timezone;
    var clock = Number(settings.clock) === 24 ? 24 : 12;
    var listed = list(data.sessions).map(function (s, index) {
      return { values: s || {}, index: index };
    });
    var problems = [];
    var rule = null;
    var undated = true;  // whether a session without a date is a mistake of its own
    var dates = listed.map(function (s) { return dayOf(s.values.date); });
    if (filled(data.schedule)) {
      undated = false;  // the rule's problem is reported; its sessions show when it is fixed
      try {
        rule = readRule(data.schedule);
        var expanded = expand(rule);
        expanded.unmatched.forEach(function (day) {
          problems.push(isoDay(day) + " is not one of this schedule's dates");
        });
        if (!expanded.dates.length) {
          problems.push("the schedule gives no dates");
        } else if (!listed.length) {
          listed = expanded.dates.map(function () { return { values: {}, index: -1 }; });
          dates = expanded.dates.slice();
        } else if (listed.length !== expanded.dates.length) {
          problems.push("the schedule gives " + expanded.dates.length + " dates but " + listed.length +
            " sessions are listed (last date it gives: " + isoDay(expanded.dates[expanded.dates.length - 1]) + ")");
        } else {
          expanded.dates.forEach(function (day, index) {
            if (dates[index] !== null && dates[index] !== day) {
              problems.push("session " + (index + 1) + " is dated " + isoDay(dates[index]) +
                " but the schedule's date for it is " + isoDay(day));
            }
            dates[index] = day;
          });
        }
      } catch (error) {
        if (!(error instanceof ScheduleProblem)) throw error;
        problems.push(error.message);
        rule = null;
      }
    } else if (!listed.length) {
      problems.push("a course needs sessions, each with a date, or a schedule");
    }
    var courseTime = timeRangeOf(data.time);
    var sessions = [];
    listed.forEach(function (s, index) {
      var day = dates[index];
      if (day === null || day === undefined) {
        if (undated) problems.push("session " + (index + 1) + " has no date");
        return;
      }
      var times = timeRangeOf(s.values.time) || courseTime;
      if (!times) {
        problems.push("session " + (index + 1) + " has no time");
        return;
      }
      sessions.push({
        day: day, start: times[0], end: times[1], title: text(s.values.title),
        presenters: list(s.values.presenters), guests: guestsOf(s.values.guests, problems),
        cancelled: s.values.cancelled === true || s.values.cancelled === "true", index: s.index
      });
    });
    sessions.sort(function (a, b) { return a.day - b.day || a.start - b.start; });
    sessions.forEach(function (s, index) {
      s.number = index + 1;
      s.title = s.title || "Session " + s.number;
      s.label = zoneLabel(s.day, s.start, zone);
      s.when = longDate(s.day) + ", " + timeRange(s.start, s.end, clock, s.label);
      s.past = s.day < today;
    });
    var held = sessions.filter(function (s) { return !s.cancelled; });
    if (!held.length) held = sessions;
    var written = creditLines(data.credit, "hours_per_session", settings.statements, "course credit");
    problems.push.apply(problems, written.problems);
    var credit = written.lines.length ? {
      lines: written.lines, claim_url: given(data.credit.claim_url) ? text(data.credit.claim_url).trim() : null,
      claim_days: Number(data.credit.claim_days) || 30
    } : null;
    sessions.forEach(function (s) { s.claimUntil = claimCloses(s.day, s.cancelled, credit, today); });
    var plan = {
      zone: zone, zoneName: zoneName(zone, settings.zone_names), sessions: sessions, held: held,
      problems: problems, status: null, registration: null, next: null, ahead: 0,
      pattern: "", time: "", credit: credit, disclosures: [], warnings: []
    };
    if (credit && settings.mitigation_statement) {
      plan.disclosures = courseControllers(data, sessions, settings.people);
    }
    if (filled(data.credit) && given(data.credit.claim_days) && !given(data.credit.claim_url)) {
      plan.warnings.push("claim_days gives a claim window, but there is no claim_url");
    }
    if (!held.length) return plan;
    var days = held.map(function (s) { return s.day; });
    plan.first = Math.min.apply(null, days);
    plan.last = Math.max.apply(null, days);
    plan.status = courseStatus(plan.first, plan.last, today);
    plan.registration = registrationStatus(data.registration, plan.status, today);
    plan.next = sessions.filter(function (s) { return s.day >= today && !s.cancelled; })[0] || null;
    plan.ahead = sessions.filter(function (s) { return s.day >= today && !s.cancelled; }).length;
    plan.pattern = meetingPattern(days, rule);
    plan.time = usualTime(held, clock, plan.zoneName);
    if (plan.status !== "ended") {
      plan.disclosures.forEach(function (entry) {
        var warning = disclosureWarning(entry.person, "course", today);
        if (warning) plan.warnings.push(warning);
      });
    }
    return plan;
  }

  // -- brand colours (colors.py) -------------------------------------------------------------

  function parseHex(value) {
    var match = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.exec(text(value).trim());
    if (!match) return null;
    var digits = match[1].toLowerCase();
    if (digits.length === 3) digits = digits.replace(/./g, "$&$&");
    return "#" + digits;
  }

  function channels(color) {
    var value = parseInt(color.slice(1), 16);
    return [((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255];
  }

  // Python's round(): halves go to the even neighbour.
  function roundHalfEven(value) {
    var floor = Math.floor(value);
    var rest = value - floor;
    if (rest > 0.5) return floor + 1;
    if (rest < 0.5) return floor;
    return floor % 2 === 0 ? floor : floor + 1;
  }

  function mix(color, other, weight) {
    var a = channels(color);
    var b = channels(other);
    return "#" + [0, 1, 2].map(function (i) {
      var value = roundHalfEven((a[i] * weight + b[i] * (1 - weight)) * 255);
      return (value < 16 ? "0" : "") + value.toString(16);
    }).join("");
  }

  function luminance(color) {
    var c = channels(color).map(function (v) {
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(first, second) {
    var a = luminance(first);
    var b = luminance(second);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  function nearestPassing(color, against, ratio) {
    var toward = luminance(against) > 0.5 ? "#000000" : "#ffffff";
    for (var step = 1; step <= 100; step++) {
      var shade = mix(color, toward, 1 - step / 100);
      if (contrast(shade, against) >= ratio) return shade;
    }
    return toward;
  }

  // The custom properties base.html sets in each page's head, from the two brand colours.
  function brandProperties(primary, accent) {
    return [
      ["--primary", primary],
      ["--primary-dark", mix(primary, "#000000", 0.75)],
      ["--primary-tint", mix(primary, "#ffffff", 0.08)],
      ["--primary-soft", mix(primary, "#ffffff", 0.18)],
      ["--accent", accent],
      ["--accent-tint", mix(accent, "#ffffff", 0.3)]
    ];
  }

  var rules = {
    dayOf: dayOf, isoDay: isoDay, longDate: longDate, mediumDate: mediumDate, monthShort: monthShort,
    timeRange: timeRange, zoneLabel: zoneLabel, hours: hours, duration: duration, slugify: slugify,
    readRule: readRule, expand: expand, cadence: cadence, meetingPattern: meetingPattern,
    usualTime: usualTime, planCourse: planCourse, creditStatus: creditStatus,
    creditLines: creditLines, claimCloses: claimCloses, disclosureStatus: disclosureStatus,
    guestsOf: guestsOf, recordingControllers: recordingControllers, disclosureWords: disclosureWords,
    disclosureWarning: disclosureWarning,
    parseHex: parseHex, mix: mix, contrast: contrast, nearestPassing: nearestPassing,
    brandProperties: brandProperties, ScheduleProblem: ScheduleProblem
  };
  root.echoSitePreviewRules = rules;

  var CMS = root.CMS;
  if (!CMS) return;  // read for its rules alone (the tests)

  // -- the site around the entry ---------------------------------------------------------------

  var h = root.h;
  var createClass = root.createClass;
  var me = root.document.currentScript;
  var dataElement = root.document.getElementById("echo-site-cms");
  var site = JSON.parse(dataElement ? dataElement.textContent : "{}");
  var people = site.people || {};
  var home = new URL((me && me.dataset.root) || "/", root.document.baseURI);
  var DEFAULT_COLORS = site.default_colors || { primary: "#0b5f78", accent: "#f3c969" };
  var AA = 4.5;
  var INK = "#1b1f23";

  function css(properties) {
    return ":root{" + properties.map(function (p) { return p[0] + ":" + p[1]; }).join(";") + "}";
  }

  if (me && me.dataset.style) {
    CMS.registerPreviewStyle(new URL(me.dataset.style, root.document.baseURI).href);
  }
  // What the pages' heads add to the stylesheet: the brand colours, as the build made them;
  // and the look of the preview's own notes, which are not part of the page.
  CMS.registerPreviewStyle(
    (site.brand ? css(site.brand) : "") +
    ".echo-preview-note{font-size:.85rem;line-height:1.4;color:#5c4400;background:#fff4ce;" +
    "border:1px dashed #b38600;border-radius:6px;padding:.35rem .6rem;margin:.5rem 0}" +
    ".echo-preview-note ul{margin:.25rem 0 0;padding-left:1.2rem}",
    { raw: true });

  function plain(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  // An address on the site (/courses/, files/flyer.pdf) as a full one; full ones as they are.
  function siteUrl(path) {
    var value = text(path);
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
    return new URL(value.replace(/^\/+/, ""), home).href;
  }

  // A file the entry names (an image, a flyer, slides): one uploaded in this form, or one the
  // site has; Decap finds it in the field's own folder (files/flyers/, ...).
  function fileUrl(props, name) {
    var path = text(plain(props.entry.getIn(["data", name])));
    var field = props.fields && props.fields.find(function (f) { return f.get("name") === name; });
    var asset = props.getAsset(path, field);
    var url = asset ? asset.toString() : "";
    return /^(blob|data|https?):/.test(url) ? url : siteUrl(path);
  }

  function note(key, children) {
    return h("div", { key: key, className: "echo-preview-note", role: "note" }, children);
  }

  function problemsNote(problems) {
    if (!problems.length) return null;
    return note("problems", [
      h("strong", { key: "t" }, "The build will stop here until this is fixed:"),
      h("ul", { key: "l" }, problems.map(function (p, i) { return h("li", { key: i }, p); }))
    ]);
  }

  var ECHO_MARK = '<g fill="none" stroke="currentColor" stroke-width="3"><path d="M24 24 10 12M24 24l14-12M24 24 10 36M24 24l14 12M24 24V6M24 24v18"/></g><g fill="currentColor"><circle cx="24" cy="24" r="7"/><circle cx="10" cy="12" r="4"/><circle cx="38" cy="12" r="4"/><circle cx="10" cy="36" r="4"/><circle cx="38" cy="36" r="4"/><circle cx="24" cy="6" r="4"/><circle cx="24" cy="42" r="4"/></g>';

  // base.html's header: the parent organization, the logo or the name, the menu.
  function siteHeader(s, here, logoSrc) {
    var title = text(s.title);
    var organization = text(s.organization);
    var items = (s.nav || []).filter(Boolean).map(function (item, index) {
      var url = text(item.url);
      var current = url === here ? "page" : (here && url !== "/" && here.indexOf(url) === 0 ? "true" : undefined);
      return h("li", { key: index }, h("a", { href: siteUrl(url), "aria-current": current }, text(item.title)));
    });
    items.push(h("li", { key: "search" }, h("a", { className: "nav-search", href: siteUrl("/search/") }, "Search")));
    var menu = h("ul", null, items);
    return h("header", { className: "site-header" },
      organization && organization !== title ? h("div", { className: "parent-bar" },
        h("div", { className: "wrap" }, s.organization_url
          ? h("a", { href: text(s.organization_url) }, "A program of " + organization)
          : "A program of " + organization)) : null,
      h("div", { className: "wrap header-inner" },
        h("a", { className: "site-title", href: siteUrl("/") }, s.logo
          ? h("img", { className: "site-logo", src: logoSrc || siteUrl(s.logo), alt: text(s.logo_alt) || title, height: 40 })
          : [h("svg", { key: "mark", className: "site-mark", viewBox: "0 0 48 48", width: 36, height: 36, "aria-hidden": "true", focusable: "false", dangerouslySetInnerHTML: { __html: ECHO_MARK } }),
            h("span", { key: "name", className: "site-name" }, title)]),
        h("nav", { className: "site-nav nav-wide", "aria-label": "Main" }, menu),
        h("details", { className: "nav-narrow" },
          h("summary", null, h("span", { className: "menu-icon", "aria-hidden": "true" }), "Menu"),
          h("nav", { className: "site-nav", "aria-label": "Main menu" }, menu))));
  }

  function draftBanner(data) {
    if (!(data.draft === true || data.draft === "true")) return null;
    return h("div", { className: "wrap" }, h("p", { className: "draft-banner", role: "note" },
      h("strong", null, "Draft."), " This page is not published; it appears only in previews with drafts."));
  }

  function page(here, data, content) {
    return h("div", { className: "echo-preview" },
      siteHeader(site, here),
      h("main", { id: "main", tabIndex: -1 }, draftBanner(data), content));
  }

  function pageBand(eyebrow, title, lead) {
    return h("div", { className: "page-band" }, h("div", { className: "wrap" },
      h("header", { className: "page-header" },
        h("p", { className: "eyebrow" }, eyebrow),
        h("h1", null, title),
        lead)));
  }

  function contactLink(contact, words) {
    return contact.indexOf("://") >= 0
      ? h("a", { href: contact }, words || "Contact the course team")
      : h("a", { href: "mailto:" + contact }, contact);
  }

  function hoursText(value) {
    return hours(value) + " hour" + (Number(value) !== 1 ? "s" : "");
  }

  function missingStatement(type) {
    return note("statement-" + type, "Site settings have no credit statement for “" + type +
      "”: the page shows none, the build warns, and the site's checks stop until one is added.");
  }

  // macros.html's credit_text: a type with its hours and what they are for ("per session").
  function creditText(line, unit) {
    return line.type + (line.hours ? ": " + hoursText(line.hours) + (unit ? " " + unit : "") : "");
  }

  // macros.html's credit_lines: each type with its hours, one a line.
  function creditList(lines, unit) {
    return h("ul", { key: "credit-lines", className: "credit-lines" }, lines.map(function (line, index) {
      return h("li", { key: index }, creditText(line, unit));
    }));
  }

  // macros.html's credit_statements: the joint accreditation statement, then each type's
  // (with its hours `unit`; none: the type alone), or a note where site settings have none.
  function creditStatements(lines, unit) {
    return [
      site.joint_accreditation_statement ? h("p", { key: "j", className: "statement statement-joint" }, site.joint_accreditation_statement) : null,
      h("dl", { key: "t", className: "credit-types" }, lines.map(function (line, index) {
        return [
          h("dt", { key: "t" + index }, line.type + (line.hours && unit ? ": " + hoursText(line.hours) + " " + unit : "")),
          h("dd", { key: "d" + index }, line.statement ? h("p", { className: "statement" }, line.statement) : missingStatement(line.type))
        ];
      }))
    ];
  }

  // What the build would warn about (an error under --strict), worked out as of today.
  function warningsNote(key, warnings) {
    if (!warnings.length) return null;
    return note(key, [
      h("strong", { key: "t" }, "As of today, the build warns (and stops under --strict):"),
      h("ul", { key: "l" }, warnings.map(function (w, i) { return h("li", { key: i }, w); }))
    ]);
  }

  // macros.html's disclosure_list: what everyone in control of the content disclosed.
  function disclosureList(entries, headingId, level) {
    return h("section", { className: "disclosures", "aria-labelledby": headingId },
      h(level, { id: headingId }, "Disclosures"),
      h("p", null, "Everyone who plans or presents this activity discloses any relevant financial relationships with ineligible companies in the past 24 months."),
      h("ul", { className: "disclosure-list" }, entries.map(function (entry, index) {
        return h("li", { key: index }, h("span", { className: "disclosure-name" }, entry.person.name), " ",
          h("span", { className: "meta" }, "(" + entry.roles.join(", ") + ")"), ": " + disclosureWords(entry.person.disclosure));
      })),
      site.mitigation_statement ? h("p", { className: "statement" }, site.mitigation_statement) : null,
      site.commercial_support_statement ? h("p", { className: "statement" }, site.commercial_support_statement) : null);
  }

  // macros.html's claiming_help: how to claim credit for live sessions, from site.yaml.
  function claimingHelp(headingId, level) {
    var claiming = site.claiming_credit;
    return h("section", { className: "claiming-credit", "aria-labelledby": headingId },
      h(level, { id: headingId }, "How to claim credit"),
      h("p", null, claiming.instructions),
      claiming.url ? h("p", null, h("a", { href: claiming.url }, "Go to the continuing education portal"),
        " to claim credit, see your transcript and print certificates.") : null);
  }

  // macros.html's person_name, for someone in people.yaml (by id) or a guest.
  function personOf(who) {
    return typeof who === "object" ? who : people[who] || { name: text(who) };
  }

  // macros.html's badges
  var STATUS_WORDS = { upcoming: "Upcoming", "in-progress": "In progress", ended: "Ended" };

  function statusBadge(status) {
    return h("span", { className: "badge badge-" + status }, STATUS_WORDS[status]);
  }

  function registrationBadge(registration, format) {
    if (registration === "open") return h("span", { className: "badge badge-open" }, "Registration open");
    if (registration === "waitlist") return h("span", { className: "badge badge-waitlist" }, "Waitlist");
    if (registration === "full") return h("span", { className: "badge badge-full" }, "Full");
    if (registration === "closed") return h("span", { className: "badge badge-closed" }, "Registration closed");
    if (format === "open") return h("span", { className: "badge badge-open" }, "Open to join");
    return null;
  }

  function creditBadge(credit, today) {
    var released = dayOf(credit && credit.released);
    var expires = dayOf(credit && credit.expires);
    if (released === null || expires === null) return null;
    var status = creditStatus(released, expires, today);
    if (status === "available") return h("span", { className: "badge badge-open" }, "Credit available");
    if (status === "expired") return h("span", { className: "badge badge-ended" }, "Credit expired");
    return h("span", { className: "badge" }, "Credit from " + mediumDate(released));
  }

  // macros.html's recording_item, on its course's page.
  function recordingItem(recording, index, today) {
    var day = dayOf(recording.date);
    var credit = recording.credit;
    var status = credit ? creditStatus(dayOf(credit.released), dayOf(credit.expires), today) : null;
    return h("li", { key: index, className: "recording-item" },
      h("a", { href: siteUrl(recording.url) }, recording.title),
      h("span", { className: "meta" }, (day !== null ? mediumDate(day) : "") +
        (recording.duration_minutes ? " · " + duration(recording.duration_minutes) : "")),
      credit ? creditBadge(credit, today) : null,
      credit && status !== "expired" ? h("span", { className: "meta credit-summary" },
        credit.lines.map(function (line) { return creditText(line, ""); }).join("; ") +
        (status === "available" ? " · until " + mediumDate(dayOf(credit.expires)) : "")) : null);
  }

  function addToCalendar(title) {
    // The links need the published page's calendar files: shown, not followed.
    return h("details", { className: "add-cal" },
      h("summary", null, "Add to calendar", h("span", { className: "visually-hidden" }, ": " + title)),
      h("ul", { className: "menu" },
        ["Google Calendar", "Outlook (Microsoft 365)", "Outlook.com", "Apple Calendar or other (.ics file)"]
          .map(function (words) { return h("li", { key: words }, h("a", null, words)); })));
  }

  // -- a course: course.html -----------------------------------------------------------------

  var CoursePreview = createClass({
    render: function () {
      var props = this.props;
      var data = plain(props.entry.get("data")) || {};
      var slug = props.entry.get("slug") || "";
      var today = todayIn(site.timezone);
      var plan = planCourse(data, today, site);
      var title = text(data.title) || "Untitled course";
      var contact = text(data.contact) || text(site.contact);
      var credit = plan.credit;
      var disclosures = plan.disclosures;
      var registration = filled(data.registration) ? data.registration : null;
      var reg = plan.registration;
      var status = plan.status;
      var recordings = (site.recordings && site.recordings[slug]) || [];
      var descriptions = props.widgetsFor("sessions");
      var format = text(data.format) || "cohort";

      var box;
      if (reg === "open") {
        box = [
          registration && registration.url ? h("p", { key: "b" }, h("a", { className: "button button-large button-block", href: text(registration.url) },
            "Register", h("span", { className: "visually-hidden" }, " for " + title))) : null,
          registration && dayOf(registration.closes) !== null
            ? h("p", { key: "c" }, "Registration closes at the end of " + longDate(dayOf(registration.closes)) + ".") : null,
          h("p", { key: "s", className: "small" }, "After you register, the meeting link is emailed to you. It is never posted publicly.")
        ];
      } else if (reg === "waitlist") {
        box = [
          h("p", { key: "w" }, "This course is full. You can join the waitlist and we will contact you if a place opens."),
          registration && registration.url ? h("p", { key: "b" }, h("a", { className: "button button-block", href: text(registration.url) }, "Join the waitlist")) : null
        ];
      } else if (reg === "full") {
        box = h("p", null, "This course is full and not taking more participants.");
      } else if (reg === "closed") {
        box = h("p", null, "Registration for this course is closed.", status === "ended"
          ? [" Recordings and materials are listed below and in ", h("a", { key: "e", href: siteUrl("/enduring-materials/") }, "enduring materials"), "."] : null);
      } else {
        box = h("p", null, "To take part, ", contact.indexOf("://") >= 0
          ? contactLink(contact, "contact the course team") : ["email ", contactLink(contact)], ".");
      }

      var panel = h("aside", { className: "panel", "aria-label": "Course summary" },
        status ? h("p", { className: "badges" }, statusBadge(status), " ", registrationBadge(reg, format)) : null,
        status ? note("today", "Preview: status and registration as of today, " + longDate(today) +
          ". The site works them out again each time it is built.")
          : note("today", "Status and registration show once the sessions have dates."),
        h("section", { className: "register-box register-" + (reg || "none"), id: "course-registration" },
          h("h2", { id: "register-heading" }, "Registration"), box),
        plan.next ? [h("p", { key: "l", className: "panel-label" }, "Next session"), h("p", { key: "w", className: "panel-when" }, plan.next.when)]
          : status === "ended" ? h("p", { className: "panel-when" }, "Ended " + longDate(plan.last)) : null,
        plan.pattern ? h("p", { className: "panel-pattern" }, plan.pattern + ", " + plan.time) : null,
        plan.ahead ? h("details", { className: "panel-calendar" },
          h("summary", null, "Add " + (plan.ahead > 1 ? "all " + plan.ahead + " sessions" : "the session") + " to your calendar"),
          h("p", { className: "small" }, (plan.ahead > 1 ? "The sessions still ahead" : "The session still ahead") +
            ", in your own time zone. A subscription also shows changes."),
          h("ul", { className: "link-list" }, ["Subscribe in Apple Calendar or Outlook", "Subscribe in Google Calendar",
            "Subscribe in Outlook on the web", "Download the sessions (.ics file)"].map(function (words) {
            return h("li", { key: words }, h("a", null, words));
          }))) : null,
        credit ? h("section", { className: "panel-credit", "aria-labelledby": "panel-credit-heading" },
          h("h2", { id: "panel-credit-heading" }, "Credit"),
          creditList(credit.lines, "per session"),
          h("p", null, h("a", { href: "#credit-heading" }, "About the credit" + (disclosures.length ? " and disclosures" : "")))) : null,
        h("section", { className: "panel-contact" },
          h("h2", { id: "contact-heading" }, "Questions"),
          h("p", null, contactLink(contact))));

      var facts = [];
      if (plan.held.length) {
        facts.push(h("dt", { key: "when-t" }, "When"));
        facts.push(h("dd", { key: "when-d" }, plan.held.length + " session" + (plan.held.length !== 1 ? "s" : "") + ", " +
          mediumDate(plan.held[0].day) + (plan.held[plan.held.length - 1].day !== plan.held[0].day ? " to " + mediumDate(plan.held[plan.held.length - 1].day) : ""),
          h("br"), plan.pattern + ", " + plan.time));
        facts.push(h("dt", { key: "tz-t" }, "Time zone"));
        facts.push(h("dd", { key: "tz-d" }, plan.zoneName + ". Each session is also shown in your own time zone, and calendar files adjust to it."));
      }
      if (list(data.audience).length) {
        facts.push(h("dt", { key: "for-t" }, "For"), h("dd", { key: "for-d" }, list(data.audience).join(", ")));
      }
      if (list(data.topics).length) {
        facts.push(h("dt", { key: "topics-t" }, "Topics"), h("dd", { key: "topics-d" }, list(data.topics).map(function (t, i) {
          return [i ? ", " : null, h("a", { key: i, href: siteUrl("/topics/" + slugify(t) + "/") }, t)];
        })));
      }
      facts.push(h("dt", { key: "format-t" }, "Format"), h("dd", { key: "format-d" }, format === "open"
        ? "Open: join any session, no commitment to the series"
        : "Cohort: a fixed group that meets for the whole series"));
      facts.push(h("dt", { key: "cost-t" }, "Cost"), h("dd", { key: "cost-d" }, "Free"));
      if (credit) {
        facts.push(h("dt", { key: "credit-t" }, "Credit"), h("dd", { key: "credit-d" }, creditList(credit.lines, "per session")));
      }

      var onDay = {};
      recordings.slice().reverse().forEach(function (r) { onDay[r.date] = r; });
      var anyAhead = plan.sessions.some(function (s) { return !s.past; });
      var sessions = plan.sessions.map(function (s) {
        var recording = onDay[isoDay(s.day)];
        var description = s.index >= 0 && data.sessions[s.index] && data.sessions[s.index].description
          ? descriptions && descriptions.getIn([s.index, "widgets", "description"]) : null;
        var add = !s.cancelled && !s.past;
        var presenters = s.presenters.map(personOf).concat(s.guests);
        return h("li", { key: s.number, id: "session-" + s.number,
          className: "session" + (s.cancelled ? " session-cancelled" : "") + (s.past ? " session-past" : "") },
          h("p", { className: "session-date", "aria-hidden": "true" },
            h("span", { className: "session-month" }, monthShort(s.day)),
            h("span", { className: "session-day" }, parts(s.day).day)),
          h("div", { className: "session-body" },
            h("h3", { className: "session-title" }, s.cancelled ? [h("span", { key: "b", className: "badge badge-cancelled" }, "Cancelled"), " "] : null, s.title),
            h("p", { className: "session-when" }, s.cancelled ? [h("del", { key: "d" }, s.when), " (this session will not be held)"] : s.when),
            presenters.length ? h("p", { className: "meta" },
              h("span", { className: "label" }, "Presenter" + (presenters.length > 1 ? "s" : "") + ":"),
              " " + presenters.map(function (p) { return p.name; }).join("; ")) : null,
            description ? h("div", { className: "prose" }, description) : null,
            recording || add || s.claimUntil !== null ? h("div", { className: "session-actions" },
              s.claimUntil !== null ? h("span", { className: "claim" },
                h("a", { className: "action-link", href: credit.claim_url }, "Claim credit for this session",
                  h("span", { className: "visually-hidden" }, ": " + s.title)),
                " ", h("span", { className: "meta" }, "until " + mediumDate(s.claimUntil))) : null,
              recording ? h("a", { className: "action-link", href: siteUrl(recording.url) }, "Watch the recording",
                h("span", { className: "visually-hidden" }, ": " + recording.title)) : null,
              add ? addToCalendar(s.title) : null) : null));
      });

      var faculty = list(data.faculty).map(function (id) {
        var person = people[id] || {};
        return h("li", { key: id },
          person.photo ? h("img", { src: siteUrl(person.photo), alt: person.photo_alt || "", width: 96, height: 96 }) : null,
          h("span", { className: "person-name" }, personOf(id).name),
          person.role ? h("span", { className: "meta" }, person.role) : null,
          person.organization ? h("span", { className: "meta" }, person.organization) : null);
      });

      var main = h("div", { className: "main-col" },
        data.image ? h("img", { className: "course-image", src: fileUrl(props, "image"), alt: text(data.image_alt) }) : null,
        problemsNote(plan.problems),
        h("dl", { className: "facts" }, facts),
        h("section", null, h("h2", { id: "about-heading" }, "About this course"),
          h("div", { className: "prose" }, props.widgetFor("body"))),
        credit ? h("section", { className: "course-credit", "aria-labelledby": "credit-heading", id: "course-credit" },
          h("h2", { id: "credit-heading" }, "Continuing education credit"),
          creditStatements(credit.lines, "for each session attended"),
          credit.claim_url ? [
            h("p", { key: "w", className: "claim-window" }, "Credit for a session can be claimed from the day it is held until " +
              credit.claim_days + " day" + (credit.claim_days !== 1 ? "s" : "") + " after it, through the “Claim credit for this session” link beside it."),
            status ? note("claims", "Preview: the sessions whose credit can be claimed as of today, " + longDate(today) +
              ". The site works them out again each time it is built.") : null] : null,
          site.claiming_credit ? claimingHelp("claiming-heading", "h3") : null,
          disclosures.length ? disclosureList(disclosures, "disclosures-heading", "h3") : null,
          warningsNote("warnings", plan.warnings)) : null,
        h("section", { id: "course-sessions" }, h("h2", { id: "sessions-heading" }, "Sessions"),
          h("ol", { className: "sessions" + (anyAhead ? " some-ahead" : "") }, sessions)),
        faculty.length ? h("section", null, h("h2", { id: "team-heading" }, "Hub team"), h("ul", { className: "people" }, faculty)) : null,
        recordings.length ? h("section", null, h("h2", { id: "recordings-heading" }, "Recordings"),
          h("ul", { className: "recording-list" }, recordings.map(function (r, i) { return recordingItem(r, i, today); }))) : null,
        h("section", null, h("h2", { id: "more-heading" }, "More information"),
          h("ul", null,
            data.flyer ? h("li", null, h("a", { href: fileUrl(props, "flyer") }, "Course flyer (PDF)")) : null,
            h("li", null, "Questions: ", contactLink(contact)))));

      return page("/courses/", data, h("article", { className: "course" },
        pageBand([h("a", { key: "a", href: siteUrl("/courses/") }, "Courses"), " ", h("span", { key: "s", "aria-hidden": "true" }, "›"), " ",
          format === "open" ? "Open ECHO: join any time" : "ECHO course"], title, h("p", { className: "lead" }, text(data.summary))),
        h("div", { className: "wrap with-panel" }, panel, main)));
    }
  });

  // -- a recording: recording.html -----------------------------------------------------------

  function videoOf(address) {
    var value = text(address).trim();
    if (!value) return null;
    var url;
    try { url = new URL(value); } catch (error) { return { provider: "file", id: value.replace(/^\/+/, ""), url: value }; }
    var host = url.hostname.toLowerCase().replace(/^www\./, "").replace(/^m\./, "");
    var segments = url.pathname.split("/").filter(Boolean);
    var id = null;
    if (host === "youtube.com" || host === "youtube-nocookie.com") {
      if (segments[0] === "watch") id = url.searchParams.get("v");
      else if (segments.length >= 2 && ["embed", "live", "shorts", "v"].indexOf(segments[0]) >= 0) id = segments[1];
    } else if (host === "youtu.be") {
      id = segments[0];
    } else if (host === "vimeo.com" || host === "player.vimeo.com") {
      var numeric = segments.filter(function (s) { return /^\d+$/.test(s); });
      return numeric.length ? { provider: "vimeo", id: numeric[0], url: value } : null;
    }
    if (id && /^[A-Za-z0-9_-]{11}$/.test(id)) return { provider: "youtube", id: id, url: "https://www.youtube.com/watch?v=" + id };
    return null;
  }

  var RecordingPreview = createClass({
    render: function () {
      var props = this.props;
      var data = plain(props.entry.get("data")) || {};
      var title = text(data.title) || "Untitled recording";
      var today = todayIn(site.timezone);
      var video = videoOf(data.video);
      var captions = data.captions;
      var captionFile = typeof captions === "string" && /\.vtt$/i.test(captions) ? captions : null;
      var captioned = captionFile || captions === true || captions === "true";
      var held = dayOf(data.date);
      var minutes = Number(data.duration_minutes) || 0;
      var course = data.course ? { title: (site.courses && site.courses[data.course]) || text(data.course), url: "/courses/" + data.course + "/" } : null;

      var problems = [];
      var guests = guestsOf(data.guests, problems);
      var written = creditLines(data.credit, "hours", site.statements, "recording credit");
      problems.push.apply(problems, written.problems);
      var lines = written.lines;
      var panel = null;
      var cs = null;
      if (filled(data.credit)) {
        var credit = data.credit;
        var released = dayOf(credit.released);
        var expires = dayOf(credit.expires);
        var reviewed = dayOf(credit.reviewed);
        ["expires", "released"].forEach(function (name) {
          if (!given(credit[name])) problems.push("a recording credit needs '" + name + "'");
        });
        var known = released !== null && expires !== null && lines.length > 0;
        if (known && expires < released) {
          problems.push("credit expires (" + isoDay(expires) + ") before it is released (" + isoDay(released) + ")");
          known = false;
        } else if (known) {
          if (reviewed !== null && reviewed < released) {
            problems.push("the review date (" + isoDay(reviewed) + ") is before the release date (" + isoDay(released) + ")");
          }
          if (expires > addYears(Math.max(released, reviewed !== null ? reviewed : released), 3)) {
            problems.push("credit expires more than 3 years after its " + (reviewed !== null && reviewed > released ? "review" : "release"));
            known = false;
          }
        }
        cs = known ? creditStatus(released, expires, today) : null;
        var stated = lines.some(function (line) { return line.statement; });
        var disclosures = known && site.mitigation_statement ? recordingControllers(data, guests, people) : [];
        var warnings = [];
        if (cs !== "expired") {
          disclosures.forEach(function (entry) {
            var warning = disclosureWarning(entry.person, "recording", today);
            if (warning) warnings.push(warning);
          });
        }
        var what;
        if (!known) {
          what = note("dates", "Credit shows once it has a type, a release date and an end date that the build accepts.");
        } else if (cs === "available") {
          what = [
            h("ul", { key: "t", className: "credit-lines" }, lines.map(function (line, index) {
              return h("li", { key: index }, h("strong", null, line.type), line.hours ? ": " + hoursText(line.hours) : null);
            })),
            h("p", { key: "a" }, "Available until " + longDate(expires) + "."),
            given(credit.claim_url) ? h("p", { key: "c" }, h("a", { className: "button button-block", href: text(credit.claim_url).trim() }, "Claim credit",
              h("span", { className: "visually-hidden" }, " for this recording"))) : null,
            h("p", { key: "s", className: "small" }, "To earn credit, watch the whole recording" +
              (minutes ? " (about " + duration(minutes) + ")" : "") + ", then complete the evaluation and claim your certificate.")
          ];
        } else if (cs === "expired") {
          what = h("p", null, "Credit for this recording expired on " + longDate(expires) + ". You can still watch it, but it no longer offers " +
            lines.map(function (line, index) {
              var left = lines.length - index;
              return line.type + (left === 1 ? "" : left === 2 ? " or " : ", ");
            }).join("") + ".");
        } else {
          what = [creditList(lines, ""), h("p", { key: "a" }, "Available from " + longDate(released) + ".")];
        }
        panel = h("aside", { className: "panel" + (cs !== "expired" ? " panel-full" : ""), "aria-label": "Credit for this recording" },
          known ? note("today", "Preview: credit as of today, " + longDate(today) + ". The site works it out again each time it is built.") : null,
          h("section", { className: "credit-box credit-" + (cs || "upcoming"), "aria-labelledby": "credit-heading", id: "recording-credit" },
            h("h2", { id: "credit-heading" }, "Continuing education credit"),
            what,
            known ? h("dl", { className: "facts facts-compact" },
              h("dt", null, "Release date"), h("dd", null, mediumDate(released)),
              h("dt", null, "Last reviewed"), h("dd", null, mediumDate(reviewed !== null ? reviewed : released)),
              h("dt", null, "Credit ends"), h("dd", null, mediumDate(expires)),
              minutes ? h("dt", null, "Estimated time") : null, minutes ? h("dd", null, duration(minutes)) : null) : null,
            known && cs !== "expired" ? (stated
              ? h("p", { className: "small" }, h("a", { href: "#accreditation-heading" }, "Accreditation statements"))
              : lines.map(function (line) { return missingStatement(line.type); })) : null),
          disclosures.length && cs !== "expired" ? disclosureList(disclosures, "disclosures-heading", "h2") : null,
          warningsNote("warnings", warnings),
          cs === "available" ? h("p", { className: "small more-credit" },
            h("a", { href: siteUrl("/enduring-materials/credit/") }, "More recordings with credit")) : null);
      }
      var accreditation = cs !== null && cs !== "expired" && stated
        ? h("section", { "aria-labelledby": "accreditation-heading" }, h("h2", { id: "accreditation-heading" }, "Accreditation"),
          creditStatements(lines, null))
        : null;

      var player = null;
      if (video && video.provider !== "file") {
        var host = video.provider === "youtube" ? "YouTube" : "Vimeo";
        player = [
          h("div", { key: "f", className: "video-frame" }, h("a", { className: "video-facade", href: video.url },
            h("span", { className: "play" }, h("span", { className: "play-icon", "aria-hidden": "true" }), "Play the video",
              h("span", { className: "visually-hidden" }, ": " + title)))),
          h("p", { key: "l" }, h("a", { href: video.url }, "Watch “" + title + "” on " + host))
        ];
      } else if (video) {
        player = [
          h("video", { key: "v", controls: true, preload: "none", className: "video-file" }, h("source", { src: siteUrl(video.id) })),
          h("p", { key: "l" }, h("a", { href: siteUrl(video.id) }, "Download the video"))
        ];
      } else if (data.video) {
        player = note("video", "The build does not recognize this video address: give a YouTube or Vimeo address, or a video file under files/.");
      }
      var captionNote = captionFile
        ? ["Captions: included" + (video && video.provider !== "file" ? " on the video, and " : "; "),
          h("a", { key: "c", href: siteUrl(captionFile) }, video && video.provider !== "file" ? "as a caption file (WebVTT)" : "download the caption file (WebVTT)"), "."]
        : captioned ? "Captions: available; turn them on with the CC button in the player."
          : ["Captions are not available for this recording yet. ", h("a", { key: "a", href: "mailto:" + text(site.contact) }, "Ask us for a transcript"), "."];

      var materials = [];
      if (data.slides) {
        materials.push(h("li", { key: "slides" }, h("a", { href: fileUrl(props, "slides") },
          "Slides" + (/\.pdf$/.test(text(data.slides)) ? " (PDF)" : ""))));
      }
      list(data.resources).forEach(function (r, index) {
        if (r && (r.title || r.url)) materials.push(h("li", { key: index }, h("a", { href: siteUrl(r.url) }, text(r.title) || text(r.url))));
      });
      var presenters = list(data.presenters).map(personOf).concat(guests).map(function (person, index) {
        return h("li", { key: index }, h("span", { className: "person-name" }, person.name),
          person.role ? [" ", h("span", { key: "r", className: "meta" }, person.role)] : null,
          person.organization ? [" ", h("span", { key: "o", className: "meta" }, person.organization)] : null);
      });

      var main = h("div", { className: "main-col" },
        problemsNote(problems),
        data.video ? h("section", { className: "video" },
          h("h2", { id: "video-heading", className: "visually-hidden" }, "Video"),
          player, video ? h("p", { className: "captions-note" }, captionNote) : null) : null,
        materials.length ? h("section", null, h("h2", { id: "materials-heading" }, "Slides and resources"),
          h("ul", { className: "link-list" }, materials)) : null,
        h("section", null, h("h2", { id: "summary-heading" }, "Summary"),
          h("div", { className: "prose" }, props.widgetFor("body"))),
        presenters.length ? h("section", null, h("h2", { id: "faculty-heading" }, "Faculty"),
          h("ul", { className: "people" }, presenters)) : null,
        accreditation);

      return page("/enduring-materials/", data, h("article", { className: "recording" },
        pageBand([h("a", { key: "r", href: siteUrl("/enduring-materials/") }, "Recordings"),
          course ? [" ", h("span", { key: "s", "aria-hidden": "true" }, "›"), " ", h("a", { key: "c", href: siteUrl(course.url) }, course.title)] : null],
          title,
          h("p", { className: "meta" }, "Held " + (held !== null ? longDate(held) : "(no date yet)") + (minutes ? " · " + duration(minutes) : ""))),
        h("div", { className: "wrap" + (panel ? " with-panel" : "") }, panel, main)));
    }
  });

  // -- a page: page.html, or home.html for the home page -----------------------------------------

  var NETWORK = '<g stroke="currentColor" stroke-width="3" opacity=".45"><path d="M200 150 70 60M200 150l130-90M200 150 60 220M200 150l140 75M200 150l-10 125M200 150 205 30M70 60l135-30M330 60 205 30M60 220 190 275M340 225l-150 50"/></g><g fill="currentColor"><circle cx="200" cy="150" r="34"/><circle cx="70" cy="60" r="18"/><circle cx="330" cy="60" r="18"/><circle cx="60" cy="220" r="18"/><circle cx="340" cy="225" r="18"/><circle cx="190" cy="275" r="14"/><circle cx="205" cy="30" r="14"/></g><g fill="#fff"><circle cx="200" cy="141" r="9"/><path d="M183 171a17 13 0 0 1 34 0z"/><circle cx="70" cy="56" r="5"/><circle cx="330" cy="56" r="5"/><circle cx="60" cy="216" r="5"/><circle cx="340" cy="221" r="5"/></g>';

  function homePage(props, data) {
    var organization = text(site.organization);
    var lead = text(data.summary) || text(site.description);
    return page("/", data, h("div", { className: "home" },
      h("section", { className: "hero" }, h("div", { className: "wrap hero-inner" },
        h("div", { className: "hero-text" },
          organization && organization !== site.title ? h("p", { className: "eyebrow" }, "Free tele-mentoring from " + organization) : null,
          h("h1", { id: "hero-title" }, text(data.title) || text(site.title)),
          lead ? h("p", { className: "lead" }, lead) : null,
          h("p", { className: "actions" }, h("a", { className: "button button-large", href: siteUrl("/courses/") }, "Find a course"),
            h("a", { className: "text-link", href: siteUrl("/enduring-materials/") }, "Watch past sessions"))),
        h("div", { className: "hero-art" }, data.image
          ? h("img", { src: fileUrl(props, "image"), alt: text(data.image_alt) })
          : h("svg", { className: "network", viewBox: "0 0 400 300", role: "img", "aria-label": "A hub connected to clinicians and communities across a region", dangerouslySetInnerHTML: { __html: NETWORK } })))),
      h("div", { className: "wrap" }, note("lists", "Here the home page lists the courses you can join, the next sessions and recent recordings, from the site's courses and recordings.")),
      h("section", { className: "section about-program" }, h("div", { className: "wrap" },
        h("div", { className: "prose" }, props.widgetFor("body")))),
      site.proposal_url || site.donate_url ? h("section", { className: "support-band" }, h("div", { className: "wrap" },
        h("h2", { id: "support-heading" }, "Help ECHO grow"),
        h("div", { className: "support-options" },
          site.proposal_url ? h("p", null, h("strong", null, "Have an idea for a course?"), " Specialists and community partners can propose a new ECHO series. ",
            h("a", { href: siteUrl(site.proposal_url) }, "Propose a course")) : null,
          site.donate_url ? h("p", null, h("strong", null, "Keep ECHO free."), " Gifts pay for the sessions, the recordings and the people who run them. ",
            h("a", { href: siteUrl(site.donate_url) }, "Support the program")) : null))) : null));
  }

  var PagePreview = createClass({
    render: function () {
      var props = this.props;
      var data = plain(props.entry.get("data")) || {};
      var slug = props.entry.get("slug") || "";
      if (slug === "index") return homePage(props, data);
      var here = "/" + slug + "/";
      return page(here, data, h("div", { className: "wrap" },
        h("article", { className: "program-page" + (data.image ? " with-image" : "") },
          h("header", { className: "page-header" },
            h("h1", null, text(data.title) || "Untitled page"),
            data.summary ? h("p", { className: "lead" }, text(data.summary)) : null),
          data.image ? h("img", { className: "page-image", src: fileUrl(props, "image"), alt: text(data.image_alt) }) : null,
          h("div", { className: "prose" }, props.widgetFor("body")),
          data.claiming_credit === true || data.claiming_credit === "true" ? (site.claiming_credit
            ? h("div", { className: "prose" }, claimingHelp("claiming-credit-help", "h2"))
            : note("claiming", "Site settings do not say how to claim credit (claiming_credit): the page shows nothing here, and the build warns.")) : null)));
    }
  });

  // -- site settings: the header, the colours at work, the footer -------------------------------

  function colorCheck(name, value, fallback, against, words) {
    var color = parseHex(value);
    if (!text(value).trim()) return { color: fallback, problem: null };
    if (!color) return { color: fallback, problem: "'" + text(value) + "' is not a colour the site can use — write it as # and six hexadecimal digits, like " + name + ": \"" + fallback + "\"" };
    var ratio = contrast(color, against);
    if (ratio >= AA) return { color: color, problem: null };
    var fixed = nearestPassing(color, against, AA);
    return { color: color, problem: "the colour " + color + " is too light or too dark for its use: " + words +
      " has a contrast of " + ratio.toFixed(1) + ":1, and the site needs at least 4.5:1 so everyone can read it — " +
      "use a shade that passes, such as " + name + ": \"" + fixed + "\" (" + contrast(fixed, against).toFixed(1) + ":1)" };
  }

  var SitePreview = createClass({
    render: function () {
      var props = this.props;
      var s = plain(props.entry.get("data")) || {};
      var colors = s.colors || {};
      var primary = colorCheck("primary", colors.primary, DEFAULT_COLORS.primary, "#ffffff", "white text on it");
      var accent = colorCheck("accent", colors.accent, DEFAULT_COLORS.accent, INK, "the text on it");
      var style = {};
      brandProperties(primary.color, accent.color).forEach(function (p) { style[p[0]] = p[1]; });
      var footer = s.footer || {};
      var title = text(s.title);
      var organization = text(s.organization);
      var contact = text(s.contact_email);
      var problems = [primary.problem, accent.problem].filter(Boolean);
      var links = (footer.links || []).filter(Boolean);
      var social = (footer.social || []).filter(Boolean);
      var legal = [
        [footer.privacy_url, "Privacy"], [footer.accessibility_url, "Accessibility"],
        [footer.nondiscrimination_url, "Nondiscrimination and language assistance"],
        [s.organization_url, organization]
      ].filter(function (pair) { return pair[0]; });
      return h("div", { className: "echo-preview", style: style },
        siteHeader(s, "/courses/", s.logo ? fileUrl(props, "logo") : null),
        h("main", { id: "main", tabIndex: -1 },
          h("div", { className: "page-band" }, h("div", { className: "wrap" },
            h("header", { className: "page-header" },
              h("p", { className: "eyebrow" }, h("a", { href: siteUrl("/courses/") }, "Courses"), " ", h("span", { "aria-hidden": "true" }, "›"), " An example page"),
              h("h1", null, "How the site looks"),
              h("p", { className: "lead" }, "Every page uses these settings: the header, the colours and the footer below.")))),
          h("div", { className: "wrap" },
            problemsNote(problems),
            h("p", { className: "badges" }, statusBadge("upcoming"), " ", registrationBadge("open")),
            h("p", { className: "actions" }, h("a", { className: "button", href: "#main" }, "Register"),
              h("a", { className: "text-link", href: "#main" }, "A link in the text")),
            h("ol", { className: "sessions" }, h("li", { className: "session" },
              h("p", { className: "session-date", "aria-hidden": "true" }, h("span", { className: "session-month" }, "Jan"), h("span", { className: "session-day" }, "14")),
              h("div", { className: "session-body" }, h("h3", { className: "session-title" }, "A session"),
                h("p", null, h("mark", null, "Search results"), " are marked in the accent colour."))))),
          h("div", { className: "wrap" }, note("footer", "The footer of every page:"))),
        h("footer", { className: "site-footer" },
          h("div", { className: "wrap footer-inner" },
            h("section", null, h("h2", null, "Contact"),
              h("p", null, title, organization && organization !== title ? [h("br", { key: "b" }), organization] : null,
                footer.address ? [h("br", { key: "a" }), text(footer.address).split("\n").join(", ")] : null),
              h("p", null, contact ? h("a", { href: "mailto:" + contact }, contact) : null,
                footer.phone ? [h("br", { key: "b" }), h("a", { key: "p", href: "tel:" + text(footer.phone).replace(/ /g, "") }, text(footer.phone))] : null)),
            h("section", null, h("h2", null, "Stay in touch"),
              h("ul", { className: "plain" },
                h("li", null, h("a", { href: siteUrl("/calendar.ics") }, "Subscribe to every session (calendar)")),
                h("li", null, h("a", { href: siteUrl("/calendar.ics") }, "Download upcoming sessions (.ics)")),
                h("li", null, h("a", { href: siteUrl("/feed.xml") }, "New courses and recordings (feed)")),
                social.map(function (item, i) { return h("li", { key: i }, h("a", { href: siteUrl(item.url) }, text(item.title))); }))),
            h("section", null, h("h2", null, "Get involved"),
              h("ul", { className: "plain" },
                h("li", null, h("a", { href: siteUrl("/courses/") }, "Find a course")),
                s.proposal_url ? h("li", null, h("a", { href: siteUrl(s.proposal_url) }, "Propose a course")) : null,
                s.donate_url ? h("li", null, h("a", { href: siteUrl(s.donate_url) }, "Support the program")) : null,
                links.map(function (item, i) { return h("li", { key: i }, h("a", { href: siteUrl(item.url) }, text(item.title))); })))),
          h("div", { className: "wrap footer-legal" },
            footer.funding ? h("p", null, text(footer.funding)) : null,
            h("p", null, "ECHO courses are free of charge. Meeting links are sent privately to registered participants."),
            legal.length ? h("ul", { className: "legal-links" }, legal.map(function (pair, i) {
              return h("li", { key: i }, h("a", { href: siteUrl(pair[0]) }, pair[1]));
            })) : null)));
    }
  });

  CMS.registerPreviewTemplate("courses", CoursePreview);
  CMS.registerPreviewTemplate("recordings", RecordingPreview);
  CMS.registerPreviewTemplate("pages", PagePreview);
  CMS.registerPreviewTemplate("site", SitePreview);
})(window);
