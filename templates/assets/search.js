/* echo-site search: the page's own form, results from Pagefind's static index (no server).
   Loaded only on /search/. The index loads on first use; results are real links under headings,
   and a status line tells screen reader users how many were found. Its words come from the
   form's data attributes, in the page's language: {name} is a value, and plural messages give
   each form by Intl.PluralRules category. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-pagefind]");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var credit = form.querySelector("select[name=credit]");  // only when recordings offer credit
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var root = new URL(form.getAttribute("data-search-root"), window.location.href).pathname;
  var PAGE = 10;
  var engine = null;
  var found = [];
  var shown = 0;
  var serial = 0;
  var timer = null;
  var lang = document.documentElement.lang || "en";
  var plurals = new Intl.PluralRules(lang);

  function words(name) { return form.getAttribute("data-" + name) || ""; }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function plural(name, count, values) {
    var forms = JSON.parse(words(name) || "{}");
    values.count = count;
    return fill(forms[plurals.select(count)] || forms.other || "", values);
  }

  function load() {
    if (!engine) {
      engine = import(new URL(form.getAttribute("data-pagefind"), window.location.href).href)
        .then(function (pagefind) {
          var extra = (form.getAttribute("data-indexes") || "").split(" ").filter(Boolean);
          return pagefind.options({ baseUrl: root, excerptLength: 26 }).then(function () {
            return Promise.all(extra.map(function (path) { return pagefind.mergeIndex(root + path); }));
          }).then(function () { return pagefind; });
        });
    }
    return engine;
  }

  function say(text) { status.textContent = text; }

  function kind(url) {
    var path = url.slice(root.length - 1);
    var kinds = JSON.parse(words("kinds") || "{}");
    if (path.indexOf("/courses/") === 0) { return kinds.course; }
    if (path.indexOf("/recordings/") === 0) { return kinds.recording; }
    return kinds.page;
  }

  /* Pagefind's excerpt is text with <mark> around the words found; keep only those two. */
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "search-excerpt";
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function render(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    var label = document.createElement("p");
    label.className = "meta";
    label.textContent = kind(data.url);
    item.appendChild(heading);
    item.appendChild(label);
    item.appendChild(excerpt(data.excerpt || ""));
    return item;
  }

  function showMore(focus) {
    var next = found.slice(shown, shown + PAGE);
    var mine = serial;
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== serial) { return; }
      var first = null;
      pages.forEach(function (data) {
        var item = render(data);
        first = first || item;
        list.appendChild(item);
      });
      shown += pages.length;
      more.hidden = shown >= found.length;
      if (focus && first) { first.querySelector("a").focus(); }
    });
  }

  function search(query) {
    var mine = ++serial;
    query = query.trim();
    var type = credit ? credit.value : "";
    var params = new URLSearchParams(window.location.search);
    if (query) { params.set("q", query); } else { params.delete("q"); }
    if (type) { params.set("credit", type); } else { params.delete("credit"); }
    var address = window.location.pathname + (params.toString() ? "?" + params : "");
    window.history.replaceState(null, "", address);
    if (!query && !type) {
      found = [];
      list.textContent = "";
      more.hidden = true;
      say("");
      return Promise.resolve();
    }
    return load().then(function (pagefind) {
      // Without words, a filter alone lists every page it matches.
      return pagefind.search(query || null, type ? { filters: { credit: type } } : {});
    }).then(function (response) {
      if (mine !== serial) { return; }
      found = response.results;
      shown = 0;
      list.textContent = "";
      more.hidden = true;
      return showMore(false).then(function () {
        if (mine !== serial) { return; }
        say(summary(found.length, query, type));
      });
    }).catch(function () {
      if (mine === serial) { say(words("failed")); }
    });
  }

  function summary(count, query, type) {
    var values = { query: fill(words("quoted"), { query: query }), type: type };
    if (!query) {
      return count === 0 ? fill(words("none-offer"), values) : plural("offer", count, values);
    }
    if (count === 0) { return fill(words(type ? "no-results-among" : "no-results"), values); }
    return plural(type ? "results-among" : "results", count, values);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value); }, 250);
  });
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  more.addEventListener("click", function () { showMore(true); });
  if (credit) {
    credit.addEventListener("change", function () {
      window.clearTimeout(timer);
      search(input.value);
    });
  }

  var asked = new URLSearchParams(window.location.search);
  var initial = asked.get("q") || "";
  var type = asked.get("credit") || "";
  if (credit && type) {
    credit.value = type;
    if (credit.value !== type) { credit.value = ""; }  // a type no recording offers now
  }
  input.value = initial;
  if (initial || (credit && credit.value)) {
    search(initial);
  }
}());
