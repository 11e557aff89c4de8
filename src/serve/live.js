// faqgen serve's reload client, added to served pages only (never to `faqgen build` output).
// Updates the page after each rebuild (in place when only its content changed, else by a
// reload), keeping its scroll position, and shows the build's errors over the page while the
// site is broken.
//
// All open pages of the preview share one event stream, held by this same file run as a
// shared worker: a browser opens at most 6 HTTP/1.1 connections to a host, so with a stream
// per page, a seventh open page could not even load. Where there is no SharedWorker (Chrome
// on Android) or no EventSource in workers, each page has its own stream.
(function () {
  "use strict";
  if (typeof document === "undefined") {
    sharedStream();
    return;
  }
  var script = document.currentScript;
  var generation = Number(script.dataset.generation);
  var scrollKey = "faqgen-scroll:" + location.pathname;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    window.scrollTo(0, Number(saved));
  }

  var overlay = null;

  // The overlay's words come with the site's state (the theme's `preview_…` strings), so that
  // a site can translate them; `{name}` is filled in from `values`.
  function phrase(words, key, values) {
    var template = words && key in words ? words[key] : key;
    return template.replace(/\{([a-z]+)\}/g, function (whole, field) {
      return values && field in values ? String(values[field]) : whole;
    });
  }

  function pluralKey(words, key, n) {
    var category = "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || undefined).select(n);
    } catch (error) {
      category = n === 1 ? "one" : "other";
    }
    return words && key + "_" + category in words ? key + "_" + category : key + "_other";
  }

  function showErrors(errors, words) {
    hideErrors();
    overlay = document.createElement("div");
    overlay.id = "faqgen-errors";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", phrase(words, "label"));
    var shadow = overlay.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent =
      ":host{all:initial;position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.6);display:flex;align-items:flex-start;justify-content:center;overflow:auto;font:15px/1.5 system-ui,sans-serif}" +
      ".box{background:#fff;color:#1d2327;margin:5vh 1rem;max-width:60rem;width:100%;border-radius:10px;border-top:6px solid #c62828;padding:1rem 1.25rem;box-shadow:0 10px 40px rgba(0,0,0,.4)}" +
      "h2{margin:0 0 .5rem;font-size:1.2rem;color:#b71c1c}p{margin:.25rem 0 .75rem}" +
      ".d{border-top:1px solid #ddd;padding:.6rem 0}.loc{font:600 14px ui-monospace,monospace;color:#333}" +
      "pre{background:#f6f6f6;padding:.4rem .6rem;border-radius:6px;overflow:auto;margin:.3rem 0;font:13px ui-monospace,monospace}" +
      ".help{color:#2e5e2e}";
    shadow.appendChild(style);
    var box = document.createElement("div");
    box.className = "box";
    var title = document.createElement("h2");
    title.textContent = phrase(words, pluralKey(words, "title", errors.length), { count: errors.length });
    box.appendChild(title);
    var note = document.createElement("p");
    note.textContent = phrase(words, "note");
    box.appendChild(note);
    errors.forEach(function (error) {
      var item = document.createElement("div");
      item.className = "d";
      var head = document.createElement("div");
      head.className = "loc";
      head.textContent =
        (error.location ? error.location + ": " : "") + phrase(words, error.warning ? "warning" : "error") + ": " + error.message;
      item.appendChild(head);
      if (error.source_line) {
        var pre = document.createElement("pre");
        pre.textContent = error.source_line;
        item.appendChild(pre);
      }
      if (error.help) {
        var help = document.createElement("div");
        help.className = "help";
        help.textContent = phrase(words, "help") + ": " + error.help;
        item.appendChild(help);
      }
      box.appendChild(item);
    });
    shadow.appendChild(box);
    document.body.appendChild(overlay);
  }

  function hideErrors() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  // The head's metadata, which follows the page's content: its title, description, Open Graph
  // tags and structured data.
  var METADATA = "title, meta[name=description], meta[property^='og:'], script[type='application/ld+json']";

  // After a rebuild, the page is fetched again. When its shell (the body outside <main>, and
  // the styles and scripts it loads) is unchanged, which the server tells by a fingerprint,
  // its <main> and metadata are replaced in place: no flash, nothing loaded again, scroll
  // position and open answers kept. Otherwise (header, styles, the page gone) it reloads.
  function refresh(target) {
    fetch(location.pathname + location.search, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (target !== wanted) return;
        var next = new DOMParser().parseFromString(html, "text/html");
        var nextScript = next.querySelector("script[data-generation]");
        var main = document.querySelector("main");
        var nextMain = next.querySelector("main");
        if (!main || !nextMain || !nextScript || nextScript.dataset.shell !== script.dataset.shell) {
          reload();
          return;
        }
        var open = Array.prototype.map.call(main.querySelectorAll("details[open][id]"), function (d) {
          return d.id;
        });
        var y = window.scrollY;
        Array.prototype.forEach.call(document.head.querySelectorAll(METADATA), function (element) {
          element.remove();
        });
        Array.prototype.forEach.call(next.head.querySelectorAll(METADATA), function (element) {
          document.head.appendChild(document.adoptNode(element));
        });
        // The home page's search box is in <main>: the box on screen stays (its script, the
        // words typed, the open panel) in place of the new page's copy.
        var search = main.querySelector("[data-search]");
        var nextSearch = nextMain.querySelector("[data-search]");
        if (search && nextSearch) nextSearch.replaceWith(search);
        main.replaceWith(document.adoptNode(nextMain));
        open.forEach(function (id) {
          var details = document.getElementById(id);
          if (details && details.tagName === "DETAILS") details.open = true;
        });
        window.scrollTo(0, y);
        generation = Number(nextScript.dataset.generation);
        hideErrors();
        document.dispatchEvent(new CustomEvent("faqgen:updated"));
      })
      .catch(reload);
  }

  var wanted = generation;

  // The site's state: sent on connecting, then after every rebuild.
  function update(status) {
    // Tells tests (and the curious) that this page hears the server: waits can watch it.
    document.documentElement.dataset.faqgenLive = String(status.generation);
    if (status.errors.length > 0) {
      showErrors(status.errors, status.words);
    } else if (status.generation !== generation) {
      if (status.generation !== wanted) {
        wanted = status.generation;
        refresh(wanted);
      }
    } else {
      hideErrors();
    }
  }

  function ownStream() {
    var events = new EventSource(script.dataset.events);
    events.addEventListener("site", function (message) {
      update(JSON.parse(message.data));
    });
  }

  var worker = null;
  if (typeof SharedWorker === "function") {
    try {
      worker = new SharedWorker(script.src.split("?")[0] + "?events=" + encodeURIComponent(script.dataset.events), {
        name: "faqgen-live",
      });
    } catch (error) {
      worker = null;
    }
  }
  if (worker) {
    worker.port.onmessage = function (message) {
      if (message.data === "no-stream") {
        ownStream();
      } else {
        update(message.data);
      }
    };
    worker.onerror = function () {
      worker.port.onmessage = null;
      ownStream();
    };
    addEventListener("pagehide", function () {
      worker.port.postMessage("bye");
    });
    // Back from the back/forward cache: listen again, and catch up with the latest state.
    addEventListener("pageshow", function (event) {
      if (event.persisted) worker.port.postMessage("hello");
    });
  } else {
    ownStream();
  }

  // In the shared worker: one stream for every page, each sent the latest state on connecting.
  function sharedStream() {
    var ports = [];
    var latest = null;
    var url = new URL(self.location.href).searchParams.get("events") || "events";
    var events = typeof EventSource === "function" ? new EventSource(url) : null;
    if (events) {
      // While the server is away (restarting, say), a page that connects waits for the new state.
      events.addEventListener("error", function () {
        latest = null;
      });
      events.addEventListener("site", function (message) {
        latest = JSON.parse(message.data);
        ports.forEach(function (port) {
          port.postMessage(latest);
        });
      });
    }
    self.onconnect = function (connection) {
      var port = connection.ports[0];
      if (!events) {
        port.postMessage("no-stream");
        return;
      }
      port.onmessage = function (message) {
        var at = ports.indexOf(port);
        if (message.data === "bye" && at >= 0) ports.splice(at, 1);
        if (message.data === "hello" && at < 0) {
          ports.push(port);
          if (latest) port.postMessage(latest);
        }
      };
      ports.push(port);
      if (latest) port.postMessage(latest);
    };
  }
})();
