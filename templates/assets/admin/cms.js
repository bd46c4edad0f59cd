/* The editing page's additions to Decap CMS: file formats that save only what was edited, two
   widgets the schema needs (a text box that suggests the values the site already uses, and a
   list of named statements), and, while editing this computer's files, the build's problems.
   The previews are in previews.js. Plain ES5 with Decap's own `h` and `createClass`, so there
   is nothing to build. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var me = document.currentScript;

  function plain(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  // -- saving: change only what was edited ---------------------------------------------------
  //
  // Decap's own YAML formats write the whole front matter again: comments go, fields move into
  // the form's order, flow lists become block lists, quotes change. A one-field edit then
  // shows as a rewrite in the pull request. These formats keep the file as it was written and
  // replace only the top-level fields whose values changed (under the comments above them),
  // and in a block list only the items that changed; new fields are added after the others in
  // the form's order, emptied ones removed.

  var yaml = window.jsyaml;
  var SOURCE = "__echo_site_source";  // the file as read, carried in the entry's data
  var FENCE = /^(---[ \t]*\r?\n)([\s\S]*?)^(---[ \t]*(?:\r?\n|$))([\s\S]*)$/m;
  var KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|\r?\n|$)/;
  // Long text is folded at 80 characters (`>-`), as people write it.
  var DUMP = { schema: yaml.CORE_SCHEMA, lineWidth: 80, noRefs: true };

  function load(text) {
    var data = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  }

  function empty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  // What is written: fields left empty in the form are left out (the build reads them so).
  function clean(value) {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === "object") {
      var result = {};
      Object.keys(value).forEach(function (key) {
        if (!empty(value[key])) result[key] = clean(value[key]);
      });
      return result;
    }
    return value;
  }

  function dumpField(key, value) {
    var one = {};
    one[key] = clean(value);
    return yaml.dump(one, DUMP);
  }

  function canonical(value) {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
      var result = {};
      Object.keys(value).sort().forEach(function (key) {
        if (!empty(value[key])) result[key] = canonical(value[key]);
      });
      return result;
    }
    return value;
  }

  function same(a, b) {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  }

  // The YAML text as blocks: what comes before the first field, then each top-level field
  // with the comments and blank lines above it (`lead`) and its own lines (`own`).
  function blocks(text) {
    var lines = text.split(/(?<=\n)/);
    var result = { before: [], fields: [] };
    var pending = [];
    var current = null;
    lines.forEach(function (line) {
      var match = KEY.exec(line);
      if (match) {
        current = { key: match[1], lead: pending, own: [line] };
        result.fields.push(current);
        pending = [];
      } else if (current && /^[ \t]+\S/.test(line)) {
        current.own = current.own.concat(pending, [line]);  // blank lines inside a value
        pending = [];
      } else {
        pending.push(line);
      }
    });
    if (current) current.after = pending; else result.before = pending;
    return result;
  }

  // A block list (one "- " item a line group) as its items, each with the comments above it;
  // null when the value is written some other way (a flow list [a, b], say).
  function listItems(own) {
    var first = null;
    for (var look = 1; look < own.length && !first; look++) first = /^([ \t]*)- /.exec(own[look]);
    if (!/:[ \t]*(#.*)?\r?\n?$/.test(own[0]) || !first) return null;
    var indent = first[1];
    var items = [];
    var pending = [];
    for (var index = 1; index < own.length; index++) {
      var line = own[index];
      var loose = /^([ \t]*)(#.*)?\r?\n?$/.exec(line);  // a comment or a blank line
      if (line.indexOf(indent + "- ") === 0 || line === indent + "-\n") {
        items.push({ lead: pending, own: [line] });
        pending = [];
      } else if (!items.length || (loose && loose[1].length <= indent.length)) {
        pending.push(line);  // it belongs to the next item
      } else {
        items[items.length - 1].own = items[items.length - 1].own.concat(pending, [line]);
        pending = [];
      }
    }
    return { head: own[0], indent: indent, items: items, after: pending };
  }

  function dumpItem(value, indent) {
    var text = yaml.dump([clean(value)], DUMP);
    return text.replace(/^(?=.)/gm, indent);
  }

  // A list whose items changed: items that are the same at the same place keep their text.
  function mergeList(field, old, now) {
    var list = listItems(field.own);
    if (!list || list.items.length !== old.length) return null;
    var text = list.head;
    now.forEach(function (value, index) {
      var item = list.items[index];
      if (item && same(old[index], value)) {
        text += item.lead.join("") + item.own.join("");
      } else {
        text += (item ? item.lead.join("") : "") + dumpItem(value, list.indent);
      }
    });
    return text + list.after.join("");
  }

  function isMap(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // A block mapping whose entries changed (registration, credit statements): entries that are
  // the same keep their text, with the comments above them.
  function mergeMap(field, old, now) {
    var first = null;
    for (var look = 1; look < field.own.length && !first; look++) {
      first = /^([ \t]+)[^#\s-]/.exec(field.own[look]);
    }
    if (!/:[ \t]*(#.*)?\r?\n?$/.test(field.own[0]) || !first) return null;
    var indent = first[1];
    var entry = new RegExp("^" + indent + "([^#\\s'\"][^:#]*?|'[^']*'|\"[^\"]*\")[ \\t]*:(?:[ \\t]|\\r?\\n|$)");
    var entries = [];
    var pending = [];
    for (var index = 1; index < field.own.length; index++) {
      var line = field.own[index];
      var match = entry.exec(line);
      var loose = /^([ \t]*)(#.*)?\r?\n?$/.exec(line);
      if (match) {
        var key = load(match[1] + ": x");
        entries.push({ key: Object.keys(key)[0], lead: pending, own: [line] });
        pending = [];
      } else if (!entries.length || (loose && loose[1].length <= indent.length)) {
        pending.push(line);
      } else {
        entries[entries.length - 1].own = entries[entries.length - 1].own.concat(pending, [line]);
        pending = [];
      }
    }
    if (entries.length !== Object.keys(old).length) return null;
    var text = field.own[0];
    var seen = {};
    entries.forEach(function (item) {
      seen[item.key] = true;
      if (!(item.key in now) || empty(now[item.key])) return;
      text += item.lead.join("");
      if (same(old[item.key], now[item.key])) {
        text += item.own.join("");
      } else {
        text += dumpField(item.key, now[item.key]).replace(/^(?=.)/gm, indent);
      }
    });
    Object.keys(now).forEach(function (key) {
      if (!seen[key] && !empty(now[key])) text += dumpField(key, now[key]).replace(/^(?=.)/gm, indent);
    });
    return text + pending.join("");
  }

  function merge(original, data, order) {
    var parsed = blocks(original);
    var before = load(original);
    var out = parsed.before.join("");
    var written = {};
    parsed.fields.forEach(function (field, index) {
      var key = field.key;
      written[key] = true;
      var text = field.lead.join("");
      var old = before[key];
      var now = data[key];
      if (same(old, now)) {
        text += field.own.join("");
      } else if (!empty(now)) {
        var kept = null;
        if (Array.isArray(old) && Array.isArray(now)) kept = mergeList(field, old, now);
        if (isMap(old) && isMap(now)) kept = mergeMap(field, old, now);
        text += kept === null ? dumpField(key, now) : kept;
      }
      out += text + (field.after || []).join("");
    });
    var added = Object.keys(data).filter(function (key) {
      return !written[key] && !empty(data[key]);
    });
    added.sort(function (a, b) { return rank(order, a) - rank(order, b); });
    if (added.length && out && !/\n$/.test(out)) out += "\n";
    added.forEach(function (key) { out += dumpField(key, data[key]); });
    return out;
  }

  function rank(order, key) {
    var index = (order || []).indexOf(key);
    return index < 0 ? 1e6 : index;
  }

  function fields(data) {
    var copy = {};
    Object.keys(data).forEach(function (key) {
      if (key !== SOURCE && key !== "body") copy[key] = data[key];
    });
    return copy;
  }

  CMS.registerCustomFormat("echo-frontmatter", "md", {
    fromFile: function (text) {
      var match = FENCE.exec(text);
      var data = match ? load(match[2]) : {};
      data.body = match ? match[4].replace(/^\r?\n/, "") : text;
      data[SOURCE] = text;
      return data;
    },
    toFile: function (data, order) {
      var source = data[SOURCE];
      var match = source ? FENCE.exec(source) : null;
      var body = data.body || "";
      var head = match ? merge(match[2], fields(data), order) : merge("", fields(data), order);
      var tail;
      if (match && match[4].replace(/^\r?\n/, "") === body) {
        tail = match[3] + match[4];  // the text below the front matter, untouched
      } else {
        tail = "---\n\n" + body.replace(/^\r?\n/, "");
      }
      return (match ? match[1] : "---\n") + head + tail;
    }
  });

  CMS.registerCustomFormat("echo-yaml", "yaml", {
    fromFile: function (text) {
      var data = load(text);
      data[SOURCE] = text;
      return data;
    },
    toFile: function (data, order) {
      var copy = {};
      Object.keys(data).forEach(function (key) { if (key !== SOURCE) copy[key] = data[key]; });
      return merge(data[SOURCE] || "", copy, order);
    }
  });

  // -- widgets -------------------------------------------------------------------------------

  // A text box that suggests the values the site already uses (topics, audiences), and takes
  // new ones.
  var SuggestControl = createClass({
    render: function () {
      var props = this.props;
      var suggestions = plain(props.field.get("suggestions")) || [];
      var listId = props.forID + "-suggestions";
      return h("div", null,
        h("input", {
          type: "text",
          id: props.forID,
          className: props.classNameWrapper,
          value: props.value || "",
          list: listId,
          autoComplete: "off",
          onChange: function (event) { props.onChange(event.target.value); },
          onFocus: props.setActiveStyle,
          onBlur: props.setInactiveStyle
        }),
        h("datalist", { id: listId }, suggestions.map(function (value) {
          return h("option", { key: value, value: value });
        })));
    }
  });
  CMS.registerWidget("echo-suggest", SuggestControl, function (props) {
    return h("span", null, props.value || "");
  });

  // Named statements (credit type: wording), kept in the order they are written.
  var TextMapControl = createClass({
    pairs: function () {
      var value = this.props.value;
      if (!value) return [];
      if (typeof value.entrySeq === "function") return value.entrySeq().toArray();
      return Object.keys(value).map(function (key) { return [key, value[key]]; });
    },
    save: function (pairs) {
      var empty = this.props.field.clear();  // an empty map of Decap's own kind
      var map = pairs.reduce(function (result, pair) { return result.set(pair[0], pair[1]); }, empty);
      this.props.onChange(map);
    },
    render: function () {
      var self = this;
      var props = this.props;
      var pairs = this.pairs();
      function update(index, part, text) {
        var copy = pairs.map(function (pair) { return pair.slice(); });
        copy[index][part] = text;
        self.save(copy);
      }
      return h("div", { id: props.forID, className: props.classNameWrapper },
        pairs.map(function (pair, index) {
          return h("fieldset", { key: index, style: { border: "0", padding: "0 0 1rem", margin: "0" } },
            h("label", { style: { display: "block", fontWeight: 600 } }, props.field.get("key_label") || "Name",
              h("input", { type: "text", value: pair[0], style: { display: "block", width: "100%" },
                onChange: function (event) { update(index, 0, event.target.value); } })),
            h("label", { style: { display: "block", fontWeight: 600 } }, props.field.get("value_label") || "Text",
              h("textarea", { value: pair[1] || "", rows: 5, style: { display: "block", width: "100%" },
                onChange: function (event) { update(index, 1, event.target.value); } })),
            h("button", { type: "button", onClick: function () {
              self.save(pairs.filter(function (_, other) { return other !== index; }));
            } }, "Remove"));
        }),
        h("button", { type: "button", onClick: function () {
          self.save(pairs.concat([["", ""]]));
        } }, "Add " + (props.field.get("key_label") || "item").toLowerCase()));
    }
  });
  CMS.registerWidget("echo-text-map", TextMapControl, function (props) {
    return h("span", null, "");
  });

  // What a person disclosed: "none", or each company and the nature of the relationship.
  var DisclosuresControl = createClass({
    items: function () {
      var value = this.props.value;
      if (!value || typeof value === "string") return [];
      var list = typeof value.toJS === "function" ? value.toJS() : value;
      return list.map(function (item) { return { company: item.company || "", relationship: item.relationship || "" }; });
    },
    none: function () {
      var value = this.props.value;
      return typeof value === "string" && value.trim().toLowerCase() === (this.props.field.get("none") || "none");
    },
    save: function (items) {
      // A list of maps of Decap's own kind, made from the field's (as the text map does).
      var empty = this.props.field.clear();
      var list = items.reduce(function (result, item) {
        return result.push(empty.set("company", item.company).set("relationship", item.relationship));
      }, empty.toList());
      this.props.onChange(items.length ? list : "");
    },
    render: function () {
      var self = this;
      var props = this.props;
      var items = this.items();
      var none = this.none();
      var name = props.forID + "-choice";
      function update(index, part, text) {
        var copy = items.map(function (item) { return Object.assign({}, item); });
        copy[index][part] = text;
        self.save(copy);
      }
      function row(item, index) {
        return h("fieldset", { key: index, style: { border: "0", padding: "0 0 1rem", margin: "0" } },
          h("label", { style: { display: "block", fontWeight: 600 } }, "Company",
            h("input", { type: "text", value: item.company, style: { display: "block", width: "100%" },
              onChange: function (event) { update(index, "company", event.target.value); } })),
          h("label", { style: { display: "block", fontWeight: 600 } }, "Relationship",
            h("input", { type: "text", value: item.relationship, style: { display: "block", width: "100%" },
              onChange: function (event) { update(index, "relationship", event.target.value); } })),
          h("button", { type: "button", onClick: function () {
            self.save(items.filter(function (_, other) { return other !== index; }));
          } }, "Remove"));
      }
      return h("div", { id: props.forID, className: props.classNameWrapper },
        h("label", { style: { display: "block" } },
          h("input", { type: "radio", name: name, checked: none, onChange: function () {
            props.onChange(props.field.get("none") || "none");
          } }), " No relevant financial relationships"),
        h("label", { style: { display: "block" } },
          h("input", { type: "radio", name: name, checked: !none && items.length > 0, onChange: function () {
            self.save(items.length ? items : [{ company: "", relationship: "" }]);
          } }), " Relationships with ineligible companies:"),
        none ? null : items.map(row),
        none ? null : h("button", { type: "button", onClick: function () {
          self.save(items.concat([{ company: "", relationship: "" }]));
        } }, "Add a relationship"));
    }
  });
  CMS.registerWidget("echo-disclosures", DisclosuresControl, function (props) {
    return h("span", null, "");
  });

  // -- while editing this computer's files (serve --cms): the build's problems --------------

  if (me && me.dataset.local) {
    var banner = document.createElement("div");
    banner.id = "echo-site-problems";
    banner.setAttribute("role", "alert");
    banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:99999;max-height:40vh;" +
      "overflow:auto;background:#fdecea;color:#5f1212;border-top:3px solid #8a1c1c;" +
      "font:15px/1.4 system-ui,sans-serif;padding:.5rem 1rem;display:none";
    document.body.appendChild(banner);
    var shown = "";
    var poll = function () {
      fetch("/__echo-site/status", { cache: "no-store" }).then(function (response) {
        return response.json();
      }).then(function (status) {
        var text = JSON.stringify(status.problems);
        if (text === shown) return;
        shown = text;
        banner.textContent = "";
        if (!status.failed) { banner.style.display = "none"; return; }
        var heading = document.createElement("strong");
        heading.textContent = "The site could not be built. The preview keeps the last good version until this is fixed:";
        var list = document.createElement("ul");
        status.problems.forEach(function (problem) {
          var item = document.createElement("li");
          var where = document.createElement("code");
          where.textContent = problem.path + ":" + problem.line + ":" + problem.column;
          item.appendChild(where);
          item.appendChild(document.createTextNode(" " + problem.message + (problem.hint ? " — " + problem.hint : "")));
          list.appendChild(item);
        });
        banner.appendChild(heading);
        banner.appendChild(list);
        banner.style.display = "block";
      }).catch(function () { /* the preview was stopped */ });
    };
    poll();
    setInterval(poll, 1500);
  }
})();
