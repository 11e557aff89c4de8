// faqgen's site search. Progressive enhancement: without this script the search box stays
// hidden, and every page still lists or links every question.
//
// The box (templates/partials/search.html) is a WAI-ARIA combobox with two listboxes, both in
// one panel under the field: question suggestions, then full-text results. Focus stays in the
// field; ↑/↓ move aria-activedescendant through the options of both lists, Enter opens the
// active option (or the first), Esc closes the panel (a second Esc clears the field).
//
// Suggestions come from search/questions.json (every question and alias, and the filters'
// values; an entry's address is left out when it is its question made into a slug, see
// slugify), fetched on first use and matched on every keystroke, without debounce. The
// algorithm, tolerant of typos and of word order:
//   1. Text is normalized: lower case, accents removed, split into words at anything that is
//      not a letter or a digit.
//   2. Each word, padded with a space on both sides, gives its trigrams: "spasm" → " sp", "spa",
//      "pas", "asm", "sm ". A text's trigrams are the set of its words' trigrams, so word order
//      does not matter, and a typo spoils only the few trigrams around it.
//   3. At load, an inverted index maps each trigram to the rows (a question or an alias) that
//      contain it. A trigram weighs its IDF, ln(1 + rows / rows containing it): "wha" from
//      "what" counts for little, "sho" from "shoulder" for much.
//   4. A query's score against a row is the cosine of their weighted trigram sets,
//      Σ shared w² / (‖query‖ · ‖row‖); only rows sharing a trigram with the query are visited.
//      A row must hold at least a third of the query's weight to count at all.
//   5. The last word is still being typed unless the query ends in a space or punctuation: it
//      gives no end-of-word trigram ("shou" → " sh", "sho", "hou"), and rows with a word that
//      starts with it get a boost; so do rows that contain the typed words as a phrase.
//   6. An entry scores its best row, an alias 10 % less than the question itself; the best six
//      entries are shown, with the alias that matched.
// At 10,000 entries the index builds in well under 100 ms and a keystroke costs a few ms.
//
// Full-text results come from Pagefind's index (the build writes it to the bundle folder):
// pagefind.js and its WebAssembly load on first use, and search 95 ms after the last keystroke,
// with optional category and tag filters. Every byte counts on the first query (at 1,000
// entries, it should download at most 150 KB), so:
//   - Pagefind runs in the page, not in its web worker, whose script would be one more download;
//   - it is asked for the words worth searching only (see fullTextTerms): not "how", "do", "i",
//     nor a word of one or two letters still being typed, each of which would fetch an index
//     chunk of its own; typing on while those words stay the same does not search again;
//   - the debounce is this script's: Pagefind's own would fetch the index chunks of every
//     keystroke's words at once, before waiting;
//   - only the results shown have their fragments fetched: 5 at first, more on demand;
//   - the filters' values and counts come with the suggestions (questions.json), so Pagefind's
//     filter index loads only once a filter is chosen.
//
// Links from the box add ?highlight=words; on an entry page, those words are marked in the
// question and the answer (mark.search-hit) and the first one is scrolled into view.
(function () {
  "use strict";

  // The slug rule, for other scripts of the theme and for the tests of the shared rule.
  window.faqgen = window.faqgen || {};
  window.faqgen.slugify = slugify;

  var MAX_SUGGESTIONS = 6;
  var FIRST_RESULTS = 5; // full-text results shown at first; each costs a fragment download
  var RESULTS_PER_PAGE = 8; // and then per "Show more"
  var EXCERPT_WORDS = 24;
  var DEBOUNCE_MS = 95;
  var SETTLE_MS = 250; // a pause after which a short last word counts as complete
  var HIGHLIGHT_PARAM = "highlight";
  // Not worth highlighting: words of two letters or fewer, and these.
  var STOP_WORDS = new Set(
    ("the and for you your are can does how what when where which who why with this that from " +
      "have has was were will should could would into about there their them they its our not")
      .split(" ")
  );
  // Not worth a full-text search either (besides the stop words): short words and
  // contractions, as Pagefind would see them (letters and digits only, lower case).
  var FILLER = new Set(
    ("a an as at be by do go he i if in is it me my no of on or so to up us we " +
      "cant dont doesnt didnt isnt arent wasnt werent wont wouldnt shouldnt couldnt im ive youre whats hows wheres whos theres")
      .split(" ")
  );
  // Characters Pagefind drops from a query (dashes, brackets, quotes and other punctuation).
  var PAGEFIND_PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;
  // Text tables of the suggestion index, filled as characters are first seen (see below).
  var wordUnits = new Uint8Array(65536); // per UTF-16 unit: 0 not known yet, 1 in words, 2 not
  var charCodes = new Uint16Array(65536); // per UTF-16 unit: its code in trigrams, 0 if none yet
  var nextCharCode = 1;
  var SPACE = charCode(" ", 0);

  highlightFromUrl();

  var root = document.querySelector("[data-search]");
  if (!root) return;
  var input = root.querySelector("#search-input");
  var panel = root.querySelector("#search-panel");
  var status = root.querySelector("[data-search-status]");
  if (!input || !panel || !status) return;
  var suggestionGroup = panel.querySelector("[data-search-suggestions]");
  var suggestionList = panel.querySelector("#search-suggestions");
  var resultGroup = panel.querySelector("[data-search-results]");
  var resultList = panel.querySelector("#search-results");
  var filterNote = panel.querySelector("[data-search-filter-note]");
  var message = panel.querySelector("[data-search-message]");
  var filterSelects = Array.prototype.slice.call(panel.querySelectorAll("select[data-search-filter]"));

  var siteBase = new URL(root.dataset.base || "/", location.href);
  var bundleUrl = new URL(root.dataset.bundle || "pagefind/", siteBase);
  var questionsUrl = new URL(root.dataset.questions || "search/questions.json", siteBase);
  var askTemplate = root.dataset.ask || "";

  var questions = null; // the suggestion index, once loaded
  var questionsPromise = null;
  var pagefindPromise = null;
  var fullText = null; // { query, search, shown }: the results on display
  var lastSearch = null; // { key, promise }: the latest search asked of Pagefind
  var settleTimer = 0;
  var fullTextSeq = 0; // the latest full-text search; older ones drop their answer
  var suggestionCount = 0;
  var activeOption = null;
  var statusTimer = 0;
  var pluralRules = null;
  try {
    pluralRules = new Intl.PluralRules(document.documentElement.lang || undefined);
  } catch (error) {
    pluralRules = null;
  }

  root.hidden = false;

  // ---------------------------------------------------------------------------------------
  // Events

  // The indexes load when the reader comes to the box; coming back to it shows the panel again
  // (but not when the focus merely returns from the panel, after Esc in a filter).
  input.addEventListener("focus", function (event) {
    loadQuestions();
    loadPagefind();
    var fromPanel = event.relatedTarget && root.contains(event.relatedTarget);
    if (input.value.trim() && !fromPanel) update();
  });
  input.addEventListener("click", function () {
    if (panel.hidden && input.value.trim()) update();
  });
  input.addEventListener("input", update);
  // A click in the panel keeps the focus in the field (links still open, filters still work).
  panel.addEventListener("mousedown", function (event) {
    if (!event.target.closest("select")) event.preventDefault();
  });
  input.addEventListener("keydown", onInputKey);
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
  });
  // Esc anywhere in the box (a filter, a link) closes the panel and returns to the field.
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target !== input && !panel.hidden) {
      event.preventDefault();
      close();
      input.focus();
    }
  });
  // Leaving the box, by a click elsewhere or by Tab, closes the panel.
  document.addEventListener("pointerdown", function (event) {
    if (!root.contains(event.target)) close();
  });
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });
  // Coming back with the browser's Back button shows the page as it was left, minus the panel.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) close();
  });
  filterSelects.forEach(function (select) {
    select.addEventListener("change", function () {
      var query = input.value.trim();
      if (query) searchFullText(query, true);
    });
  });
  // "/" and Ctrl+K (⌘K) go to the search box, unless the reader is typing in another field.
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
    var commandK = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
    if (!slash && !commandK) return;
    if (event.target === input ? slash : isTextField(event.target)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  function onInputKey(event) {
    if (event.isComposing) return;
    var options = allOptions();
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        if (panel.hidden) {
          if (input.value.trim()) update();
          return;
        }
        if (options.length === 0) return;
        // The field itself is a stop in the cycle: ↑ from the first option goes back to typing.
        var at = options.indexOf(activeOption);
        var next = event.key === "ArrowDown" ? at + 1 : (at === -1 ? options.length : at) - 1;
        setActive(options[next] || null);
        return;
      case "Enter":
        event.preventDefault();
        var chosen = panel.hidden ? null : activeOption || options[0];
        if (chosen) chosen.click();
        return;
      case "Escape":
        if (!panel.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          update();
        }
        return;
    }
  }

  // ---------------------------------------------------------------------------------------
  // One keystroke: suggestions at once, full text after a pause.

  function update() {
    var query = input.value.trim();
    if (!query) {
      fullTextSeq++;
      fullText = null;
      suggestionCount = 0;
      suggestionList.replaceChildren();
      resultList.replaceChildren();
      delete suggestionList.dataset.query;
      delete resultList.dataset.query;
      message.hidden = true;
      announce("");
      close();
      return;
    }
    if (questions) {
      renderSuggestions(query, suggest(questions, input.value));
    } else {
      loadQuestions().then(function () {
        if (input.value.trim() === query) renderSuggestions(query, suggest(questions, input.value));
      });
    }
    // Until the new full-text answer comes, a "no match" message from an older query is hidden
    // as soon as a suggestion shows that it no longer holds.
    if (suggestionCount > 0) message.hidden = true;
    searchFullText(query, false);
    refreshPanel();
  }

  function loadQuestions() {
    if (!questionsPromise) {
      questionsPromise = fetch(questionsUrl)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " fetching " + questionsUrl);
          return response.json();
        })
        .then(function (data) {
          if (data.version !== 3) throw new Error("unknown questions.json version " + data.version);
          questions = buildIndex(data);
          fillFilters(data.filters || {});
        })
        .catch(function (error) {
          console.warn("faqgen search: no suggestions:", error);
          questions = buildIndex({ categories: [], paths: [], entries: [] });
        });
    }
    return questionsPromise;
  }

  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind.js", bundleUrl).href).then(function (pagefind) {
        // Result URLs are taken from raw_url, resolved against the site's root (entryUrl):
        // Pagefind's own `url` adds its base URL, the bundle's parent, to root-relative URLs.
        // In the page rather than in a worker: the worker's script would be one more download,
        // and a search takes a few milliseconds.
        return pagefind.options({ excerptLength: EXCERPT_WORDS, noWorker: true }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      pagefindPromise.catch(function (error) {
        console.warn("faqgen search: no full-text search:", error);
      });
    }
    return pagefindPromise;
  }

  // The filters' values and counts, from questions.json: the same values as Pagefind's index.
  function fillFilters(filters) {
    filterSelects.forEach(function (select) {
      (filters[select.dataset.searchFilter] || [])
        .slice()
        .sort(function (a, b) {
          return a[0].localeCompare(b[0]);
        })
        .forEach(function (pair) {
          var option = document.createElement("option");
          option.value = pair[0];
          option.textContent = pair[0] + " (" + pair[1] + ")";
          select.append(option);
        });
      select.closest("label").hidden = select.options.length <= 2;
    });
  }

  // What Pagefind is asked for `typed`: its words worth searching, as Pagefind reads them (lower
  // case, without punctuation), or "" for none. Left out: stop words and other fillers ("how do
  // I"), which nearly every answer has; words of one letter; and the last word while it is still
  // being typed (`complete` false and no space or punctuation after it), if it has fewer than
  // three letters ("refund o", or "wh" on the way to "why"), as each such beginning could fetch
  // an index chunk of its own. Pagefind returns the pages with every word asked, so leaving some
  // out only widens the results. A query in double quotes, a phrase search, goes as typed.
  function fullTextTerms(typed, complete) {
    if (typed.indexOf('"') >= 0) return typed.trim();
    var tokens = typed.split(/\s+/).filter(Boolean);
    complete = complete || /[^\p{L}\p{N}]$/u.test(typed);
    return tokens
      .map(function (token) {
        return token.replace(PAGEFIND_PUNCTUATION, "").toLocaleLowerCase();
      })
      .filter(function (token, i) {
        var word = simplified(token).replace(/[^\p{L}\p{N}]+/gu, "");
        if (!word || STOP_WORDS.has(word) || FILLER.has(word)) return false;
        if (/[^\x00-\x7f]/.test(word)) return true; // Chinese or Japanese words are short
        var typing = i === tokens.length - 1 && !complete;
        return word.length >= (typing ? 3 : 2);
      })
      .join(" ");
  }

  // `settled`: the reader has paused, so the last word counts as complete ("tv").
  function searchFullText(query, now, settled) {
    var seq = ++fullTextSeq;
    var filters = {};
    filterSelects.forEach(function (select) {
      if (select.value) filters[select.dataset.searchFilter] = select.value;
    });
    var terms = fullTextTerms(input.value, settled);
    clearTimeout(settleTimer);
    if (!settled && fullTextTerms(input.value, true) !== terms) {
      settleTimer = setTimeout(function () {
        if (seq === fullTextSeq) searchFullText(query, true, true);
      }, SETTLE_MS);
      // Nothing to search until then ("tv" being typed): the results on display stay.
      if (!terms) return;
    }
    var key = JSON.stringify([terms, filters]);
    // The same words as the latest search: its answer holds (no new download, no new wait).
    if (!lastSearch || lastSearch.key !== key) lastSearch = askPagefind(key, terms, filters, now);
    var asked = lastSearch;
    asked.promise
      .then(function (search) {
        // null: a later search replaced this one before it ran.
        if (search === null || seq !== fullTextSeq) return null;
        // false: nothing worth searching was typed; no results (the suggestions may have some).
        if (search === false) search = null;
        return pageOfData(search, 0, FIRST_RESULTS).then(function (data) {
          if (seq !== fullTextSeq) return;
          fullText = { query: query, search: search, shown: 0 };
          renderResults(data);
        });
      })
      .catch(function () {
        if (lastSearch === asked) lastSearch = null; // to try again
        if (seq !== fullTextSeq) return;
        fullText = { query: query, search: null, shown: 0 };
        renderResults([]);
      });
  }

  // A search for `terms`, DEBOUNCE_MS from now unless `now`, if no other is asked meanwhile.
  function askPagefind(key, terms, filters, now) {
    var asked = { key: key, promise: null };
    asked.promise = !terms
      ? Promise.resolve(false)
      : new Promise(function (resolve) {
          setTimeout(resolve, now ? 0 : DEBOUNCE_MS);
        }).then(function () {
          if (lastSearch !== asked) return null;
          return loadPagefind().then(function (pagefind) {
            return lastSearch === asked ? pagefind.search(terms, { filters: filters }) : null;
          });
        });
    return asked;
  }

  function pageOfData(search, from, count) {
    return Promise.all(
      (search ? search.results.slice(from, from + count) : []).map(function (result) {
        return result.data();
      })
    );
  }

  // ---------------------------------------------------------------------------------------
  // Rendering

  function renderSuggestions(query, found) {
    suggestionList.replaceChildren();
    found.forEach(function (hit, i) {
      var terms = hit.terms;
      var option = createOption("search-s-" + i, entryUrl(hit.entry.path, terms));
      var title = span("search-title", hit.entry.question);
      markTerms(title, termPattern(terms), "");
      option.append(title, span("search-category", hit.entry.category));
      if (hit.alias) {
        var alias = span("search-detail", phrase("also-asked", { alias: hit.alias }));
        markTerms(alias, termPattern(terms), "");
        option.append(alias);
      }
      suggestionList.append(option);
    });
    suggestionList.dataset.query = query;
    suggestionCount = found.length;
    suggestionGroup.hidden = found.length === 0;
    setActive(null); // a new query: no option is active until ↓ or ↑
    if (fullText && fullText.query === query) settle();
    refreshPanel();
  }

  function renderResults(data) {
    // The suggestions are those of the same query: an option chosen among them stays active.
    var keepActive = activeOption && suggestionList.contains(activeOption) ? activeOption : null;
    resultList.replaceChildren();
    fullText.shown = 0;
    appendResults(data);
    var search = fullText.search;
    var filtered = filterSelects.some(function (select) {
      return select.value;
    });
    // The filters stay on screen while they hide every result, so that they can be undone.
    resultGroup.hidden = !search || (search.results.length === 0 && !filtered);
    filterNote.hidden = !search || search.results.length > 0;
    resultList.hidden = !filterNote.hidden;
    resultList.dataset.query = fullText.query;
    setActive(keepActive);
    settle();
    refreshPanel();
  }

  function appendResults(data) {
    var more = resultList.querySelector(".search-more");
    if (more) more.remove();
    var query = fullText.query;
    var queryTerms = highlightTerms(query);
    data.forEach(function (item) {
      var html = answerExcerpt(item);
      var terms = unique(queryTerms.concat(highlightTerms(markedWords(html))));
      var option = createOption("search-r-" + fullText.shown++, entryUrl(item.raw_url || item.url, terms));
      var title = span("search-title", (item.meta && item.meta.title) || item.raw_url);
      markTerms(title, termPattern(queryTerms), "");
      var excerpt = span("search-detail", "");
      excerpt.append(excerptNodes(html));
      option.append(title, span("search-category", (item.meta && item.meta.category) || ""), excerpt);
      resultList.append(option);
    });
    var left = fullText.search ? fullText.search.results.length - fullText.shown : 0;
    if (left > 0) {
      more = document.createElement("div");
      more.id = "search-more";
      more.className = "search-option search-more";
      more.setAttribute("role", "option");
      more.textContent = phrase("more", { count: Math.min(left, RESULTS_PER_PAGE), left: left });
      more.addEventListener("click", showMore);
      resultList.append(more);
    }
  }

  function showMore() {
    var current = fullText;
    pageOfData(current.search, current.shown, RESULTS_PER_PAGE).then(function (data) {
      if (fullText !== current) return;
      var first = current.shown;
      appendResults(data);
      setActive(document.getElementById("search-r-" + first));
      input.focus();
    });
  }

  // Both lists are up to date for the query: say so, or say that nothing matches.
  function settle() {
    var query = fullText.query;
    var results = fullText.search ? fullText.search.results.length : 0;
    var nothing = suggestionCount === 0 && (!fullText.search || fullText.search.unfilteredResultCount === 0);
    message.replaceChildren();
    message.hidden = !nothing;
    if (nothing) {
      message.append(phrase("nothing", { query: query }));
      var ask = askUrl(query);
      if (ask) {
        var link = document.createElement("a");
        link.href = ask;
        link.textContent = phrase("ask");
        message.append(" ", link);
      }
      announce(phrase("nothing", { query: query }));
    } else {
      announce(
        phrase("summary", {
          suggestions: counted("suggestions", suggestionCount),
          results: counted("results", results),
          query: query,
        })
      );
    }
  }

  function refreshPanel() {
    var query = input.value.trim();
    var lists = !suggestionGroup.hidden || !resultGroup.hidden;
    var show = query !== "" && (lists || !message.hidden) && root.contains(document.activeElement);
    panel.hidden = !show;
    input.setAttribute("aria-expanded", String(show && lists));
    if (!show) setActive(null);
  }

  function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(null);
  }

  function setActive(option) {
    if (activeOption) activeOption.removeAttribute("aria-selected");
    activeOption = option;
    if (option) {
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function allOptions() {
    return Array.prototype.slice.call(panel.querySelectorAll("[role=option]")).filter(function (option) {
      return !option.closest("[hidden]");
    });
  }

  // Polite and late: a screen reader hears the counts once typing pauses, not at every key.
  function announce(text) {
    clearTimeout(statusTimer);
    if (!text) {
      status.textContent = "";
      return;
    }
    statusTimer = setTimeout(function () {
      status.textContent = text;
    }, 300);
  }

  function createOption(id, href) {
    var option = document.createElement("a");
    option.id = id;
    option.className = "search-option";
    option.href = href;
    option.tabIndex = -1;
    option.setAttribute("role", "option");
    return option;
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  // Pagefind centres its excerpt on the best-weighted matches, which are often the question's
  // own words (the index weighs the question 10, aliases 9, tags and category 3, the answer's
  // text 1): the reader would read the question twice. When the answer's text matches too, the
  // excerpt is cut around its densest matches instead, from the same escaped text and words as
  // Pagefind's.
  function answerExcerpt(item) {
    var spots = (item.weighted_locations || []).filter(function (spot) {
      return spot.weight <= 1;
    });
    if (spots.length === 0 || !item.raw_content) return item.excerpt || "";
    var words = item.raw_content.split(/[^\S\uFEFF]+/);
    var start = 0;
    var best = -1;
    spots.forEach(function (spot) {
      var from = Math.max(0, spot.location - 4);
      var score = 0;
      spots.forEach(function (other) {
        if (other.location >= from && other.location < from + EXCERPT_WORDS) score += other.balanced_score;
      });
      if (score > best) {
        best = score;
        start = from;
      }
    });
    start = Math.max(0, Math.min(start, words.length - EXCERPT_WORDS));
    var marked = new Set(item.locations);
    var excerpt = words.slice(start, start + EXCERPT_WORDS).map(function (word, i) {
      return marked.has(start + i) ? "<mark>" + word + "</mark>" : word;
    });
    return (start > 0 ? "… " : "") + excerpt.join(" ") + (start + EXCERPT_WORDS < words.length ? " …" : "");
  }

  // An excerpt is the page text as Pagefind escaped it, with <mark> around matches. It is parsed
  // inert and only its text and marks are kept: nothing else of it can reach the page.
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    var fragment = document.createDocumentFragment();
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        // Pagefind marks a word with the punctuation around it ("spasms,"): only the word is
        // highlighted, the punctuation stays plain text beside it.
        var parts = /^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u.exec(node.textContent);
        if (parts[1]) fragment.append(parts[1]);
        if (parts[2]) {
          var mark = document.createElement("mark");
          mark.textContent = parts[2];
          fragment.append(mark);
        }
        if (parts[3]) fragment.append(parts[3]);
      } else {
        fragment.append(node.textContent);
      }
    });
    return fragment;
  }

  function markedWords(html) {
    var words = [];
    html.replace(/<mark>([^<]*)<\/mark>/g, function (_, text) {
      words.push(text);
      return "";
    });
    return words.join(" ");
  }

  function entryUrl(path, terms) {
    var url = new URL(path, siteBase);
    url.search = "";
    if (terms.length) url.searchParams.set(HIGHLIGHT_PARAM, terms.join(" "));
    return url.pathname + url.search + url.hash;
  }

  function askUrl(query) {
    if (!askTemplate) return "";
    var encoded = encodeURIComponent(query);
    var url = askTemplate.indexOf("{query}") >= 0 ? askTemplate.split("{query}").join(encoded) : askTemplate + encoded;
    try {
      return /^(https?|mailto):$/.test(new URL(url, location.href).protocol) ? url : "";
    } catch (error) {
      return "";
    }
  }

  // The panel's words come from the page (templates/strings.toml, through the search box's
  // data-text-* attributes), never from this script, so that a site can translate them.
  // `{name}` is filled in from `values`.
  function phrase(key, values) {
    var template = root.dataset[textAttribute(key)];
    if (template === undefined) return key;
    return template.replace(/\{([a-z]+)\}/g, function (whole, field) {
      return values && field in values ? String(values[field]) : whole;
    });
  }

  // A count in words, by the plural category of the page's language ("1 result", "3 results").
  function counted(key, n) {
    var category = pluralRules ? pluralRules.select(n) : n === 1 ? "one" : "other";
    var name = key + "-" + category;
    return phrase(textAttribute(name) in root.dataset ? name : key + "-other", { count: n });
  }

  // "also-asked" → "textAlsoAsked", the dataset's name for data-text-also-asked.
  function textAttribute(key) {
    return "text" + key.replace(/(^|-)([a-z])/g, function (_, dash, letter) {
      return letter.toUpperCase();
    });
  }

  function isTextField(element) {
    if (!element || !element.tagName) return false;
    if (element.isContentEditable) return true;
    if (element.tagName === "TEXTAREA" || element.tagName === "SELECT") return true;
    return element.tagName === "INPUT" && !/^(button|checkbox|radio|submit|reset|image|file|range|color)$/.test(element.type);
  }

  // ---------------------------------------------------------------------------------------
  // Suggestions: the trigram index described at the top.

  // Lower case, accents removed. ASCII, the common case, needs no Unicode normalization.
  function simplified(text) {
    var lower = text.toLowerCase();
    return /[^\x00-\x7f]/.test(lower) ? lower.normalize("NFD").replace(/\p{M}+/gu, "") : lower;
  }

  // Words are runs of letters and digits; which UTF-16 units are, is learnt once per unit
  // (wordUnits, at the top).
  function isWordChar(text, i) {
    var unit = text.charCodeAt(i);
    if (wordUnits[unit] === 0) wordUnits[unit] = /[\p{L}\p{N}]/u.test(String.fromCharCode(unit)) ? 1 : 2;
    return wordUnits[unit] === 1;
  }

  function normalizedWords(text) {
    var s = simplified(text);
    var words = [];
    var start = -1;
    for (var i = 0; i <= s.length; i++) {
      if (i < s.length && isWordChar(s, i)) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        words.push(s.slice(start, i));
        start = -1;
      }
    }
    return words;
  }

  // A trigram is a number: three 10-bit character codes, small enough for a JavaScript engine
  // to keep it unboxed. Characters get codes as they are first seen (charCodes, at the top; the
  // 1,023rd and later ones share the last code, which can only merge a few rare trigrams).
  function charCode(text, i) {
    var unit = text.charCodeAt(i);
    var code = charCodes[unit];
    if (code === 0) code = charCodes[unit] = nextCharCode < 1023 ? nextCharCode++ : 1023;
    return code;
  }

  // Pushes the trigrams of `word`, padded with spaces, onto `out`; `complete` adds the last one
  // (" sh", "sho", "hou" for "shou" still being typed; then "ou " once it is complete).
  function pushTrigrams(word, complete, out) {
    var a = SPACE;
    var b = charCode(word, 0);
    for (var i = 1; i <= word.length; i++) {
      var c = i < word.length ? charCode(word, i) : SPACE;
      if (i === word.length && !complete) break;
      out.push((a * 1024 + b) * 1024 + c);
      a = b;
      b = c;
    }
  }

  function buildIndex(data) {
    var started = performance.now();
    var entries = data.entries.map(function (row) {
      var path = typeof row[1] === "string" ? row[1] : (data.paths[row[2]] || "") + slugify(row[0]) + "/";
      return { question: row[0], path: path, category: data.categories[row[2]] || "", aliases: row[3] || [] };
    });
    var rows = []; // { entry, alias: index in entry.aliases or -1, text }; words when needed
    var ids = new Map(); // trigram -> id
    var postings = []; // id -> rows containing it, ascending
    var add = function (key, row) {
      var id = ids.get(key);
      if (id === undefined) {
        ids.set(key, postings.length);
        postings.push([row]);
      } else {
        var list = postings[id];
        if (list[list.length - 1] !== row) list.push(row);
      }
    };
    for (var e = 0; e < entries.length; e++) {
      for (var alias = -1; alias < entries[e].aliases.length; alias++) {
        var text = alias < 0 ? entries[e].question : entries[e].aliases[alias];
        var row = rows.length;
        rows.push({ entry: e, alias: alias, text: text, words: null, grams: null });
        // The trigrams of every word (what pushTrigrams gives), in one pass over the text.
        var s = simplified(text);
        var a = 0; // the codes of the two characters before; b = 0 between words
        var b = 0;
        for (var i = 0; i <= s.length; i++) {
          var c = SPACE;
          if (i < s.length && isWordChar(s, i)) {
            c = charCode(s, i);
            if (b === 0) {
              a = SPACE;
              b = c;
              continue;
            }
          } else if (b === 0) {
            continue;
          }
          add((a * 1024 + b) * 1024 + c, row);
          a = c === SPACE ? 0 : b;
          b = c === SPACE ? 0 : c;
        }
      }
    }
    var weight = new Float64Array(postings.length); // idf², a shared trigram's share of a dot product
    var norm = new Float64Array(rows.length);
    for (var id = 0; id < postings.length; id++) {
      var idf = Math.log(1 + rows.length / postings[id].length);
      weight[id] = idf * idf;
      for (var p = 0; p < postings[id].length; p++) norm[postings[id][p]] += weight[id];
    }
    for (var r = 0; r < rows.length; r++) norm[r] = Math.sqrt(norm[r]);
    measure("faqgen-search:index", started);
    return {
      entries: entries,
      rows: rows,
      ids: ids,
      postings: postings,
      weight: weight,
      norm: norm,
      dot: new Float64Array(rows.length), // scratch space, all zeros between queries
      score: new Float64Array(rows.length), // scratch space
    };
  }

  // An entry's slug made from its question, as the build does when it leaves the address out of
  // questions.json (src/search/suggest.rs): ASCII letters (lower case) and digits, runs of any
  // other character one "-"; apostrophes dropped rather than separating when `dropApostrophes`.
  // The one slug rule, as src/slug.rs has it (tests/fixtures/slugs.json holds the cases both
  // pass): lower case; letters and digits of any script kept; apostrophes dropped; anything
  // else separates words, joined by one "-", none at either end.
  function slugify(text) {
    var slug = "";
    var dash = false;
    for (var c of text.toLowerCase()) {
      if (/[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]/u.test(c)) {
        if (dash && slug) slug += "-";
        dash = false;
        slug += c;
      } else if (c !== "'" && c !== "\u2019") {
        dash = true;
      }
    }
    return slug;
  }

  function rowWords(row) {
    return (row.words = row.words || normalizedWords(row.text));
  }

  // The best entries for what is typed: [{ entry, alias (the alias that matched, or ""), terms }].
  function suggest(index, typed) {
    var started = performance.now();
    var found = bestEntries(index, typed);
    measure("faqgen-search:suggest", started);
    return found;
  }

  function bestEntries(index, typed) {
    var words = normalizedWords(typed);
    if (words.length === 0) return [];
    var complete = /[^\p{L}\p{N}]$/u.test(typed);
    var typedWords = words.map(function (word, i) {
      var grams = [];
      var done = complete || i < words.length - 1;
      pushTrigrams(word, done, grams);
      return { grams: new Set(grams), done: done, weight: word.length < 3 || STOP_WORDS.has(word) ? 0.25 : 1 };
    });
    var dot = index.dot;
    var touched = [];
    var known = 0;
    var unknown = 0;
    var queryNorm2 = 0;
    typedWords.reduce(function (all, word) {
      word.grams.forEach(function (key) {
        all.add(key);
      });
      return all;
    }, new Set()).forEach(function (key) {
      var id = index.ids.get(key);
      if (id === undefined) {
        unknown++;
        return;
      }
      var w = index.weight[id];
      var rows = index.postings[id];
      known++;
      queryNorm2 += w;
      for (var i = 0; i < rows.length; i++) {
        if (dot[rows[i]] === 0) touched.push(rows[i]);
        dot[rows[i]] += w;
      }
    });
    // A trigram found nowhere (a typo's) weighs as much as the query's average known one.
    if (known > 0) queryNorm2 += (unknown * queryNorm2) / known;
    var queryNorm = Math.sqrt(queryNorm2);
    var score = index.score;
    var passing = [];
    for (var t = 0; t < touched.length; t++) {
      var row = touched[t];
      if (dot[row] >= queryNorm2 / 4) {
        score[row] = dot[row] / (queryNorm * index.norm[row]);
        passing.push(row);
      }
      dot[row] = 0;
    }
    // The best few hundred rows, checked word by word.
    var phrase = " " + words.join(" ") + (complete ? " " : "");
    var best = new Map(); // entry -> its best candidate
    topRows(passing, score, 200).forEach(function (r) {
      var candidate = { row: r, score: score[r] };
      var row = index.rows[r];
      var match = matchWords(row, typedWords);
      if (match.score < 0.5) return;
      candidate.score = (candidate.score + match.score) / 2;
      if (words.length > 1 && (" " + rowWords(row).join(" ") + " ").indexOf(phrase) >= 0) candidate.score += 0.15;
      if (row.alias >= 0) candidate.score *= 0.9;
      candidate.terms = match.terms;
      var held = best.get(row.entry);
      if (!held || held.score < candidate.score) best.set(row.entry, candidate);
    });
    return Array.from(best.values())
      .sort(byScore)
      .slice(0, MAX_SUGGESTIONS)
      .map(function (candidate) {
        var row = index.rows[candidate.row];
        var entry = index.entries[row.entry];
        return { entry: entry, alias: row.alias >= 0 ? entry.aliases[row.alias] : "", terms: candidate.terms };
      });
  }

  function byScore(a, b) {
    return b.score - a.score || a.row - b.row;
  }

  // About the `count` best of `rows` by `score` (from 0 to 1), best first, without sorting them
  // all: a histogram of the scores gives the cut.
  function topRows(rows, score, count) {
    var bins = new Uint32Array(257);
    var bin = function (row) {
      return Math.min(256, Math.floor(score[row] * 256));
    };
    var cut = 0;
    if (rows.length > count) {
      rows.forEach(function (row) {
        bins[bin(row)]++;
      });
      for (var above = 0, b = 256; b >= 0; b--) {
        above += bins[b];
        if (above >= count) {
          cut = b;
          break;
        }
      }
    }
    return rows
      .filter(function (row) {
        return bin(row) >= cut;
      })
      .sort(function (a, b) {
        return score[b] - score[a] || a - b;
      })
      .slice(0, count);
  }

  // Timings, for the browser tests and the curious: performance.getEntriesByName(name).
  function measure(name, start) {
    if (performance.measure) performance.measure(name, { start: start, end: performance.now() });
  }

  // How well a row's words cover the typed ones, from 0 to 1: for each typed word, its best
  // similarity with a word of the row (Dice of their trigrams; for the word still being typed,
  // the share of its trigrams found, so that a beginning matches fully), weighted, stop words
  // counting a quarter. Also the row's words that matched, typos corrected ("shouldr" →
  // "shoulder"): they are marked in the suggestion and highlighted on the page it opens.
  function matchWords(row, typedWords) {
    var words = rowWords(row);
    // Computed once per row, when first needed.
    var rowGrams = (row.grams = row.grams || words.map(function (word) {
      var grams = [];
      pushTrigrams(word, true, grams);
      return grams;
    }));
    var total = 0;
    var found = 0;
    var terms = [];
    typedWords.forEach(function (typed) {
      var bestSimilarity = 0;
      var bestWord = "";
      rowGrams.forEach(function (grams, i) {
        var shared = 0;
        for (var g = 0; g < grams.length; g++) if (typed.grams.has(grams[g])) shared++;
        var similarity = typed.done ? (2 * shared) / (typed.grams.size + grams.length) : shared / typed.grams.size;
        if (similarity > bestSimilarity) {
          bestSimilarity = similarity;
          bestWord = words[i];
        }
      });
      total += typed.weight;
      found += typed.weight * bestSimilarity;
      if (bestSimilarity >= 0.5 && bestWord.length >= 3 && !STOP_WORDS.has(bestWord)) terms.push(bestWord);
    });
    return { score: total > 0 ? found / total : 0, terms: unique(terms) };
  }

  function unique(list) {
    return Array.from(new Set(list));
  }

  // ---------------------------------------------------------------------------------------
  // Highlighting: on the entry page a result opens, and in the options themselves.

  function highlightTerms(text) {
    return unique(
      normalizedWords(text).filter(function (word) {
        return word.length >= 3 && !STOP_WORDS.has(word);
      })
    );
  }

  // Whole words that start with one of the terms, in any case: "spasm" marks "Spasms".
  function termPattern(terms) {
    if (terms.length === 0) return null;
    var alternatives = terms
      .slice()
      .sort(function (a, b) {
        return b.length - a.length;
      })
      .map(function (term) {
        return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      });
    return new RegExp("(?<![\\p{L}\\p{N}])(?:" + alternatives.join("|") + ")[\\p{L}\\p{N}]*", "giu");
  }

  // Wraps every match of `pattern` in the text under `element` in a <mark>; returns the first.
  // Only text nodes are split: the page's own markup is never re-parsed.
  function markTerms(element, pattern, className) {
    if (!pattern) return null;
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var parts = [];
      var from = 0;
      var match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text))) {
        if (match.index > from) parts.push(text.slice(from, match.index));
        var mark = document.createElement("mark");
        if (className) mark.className = className;
        mark.textContent = match[0];
        parts.push(mark);
        if (!first) first = mark;
        from = match.index + match[0].length;
      }
      if (parts.length === 0) return;
      if (from < text.length) parts.push(text.slice(from));
      node.replaceWith.apply(node, parts);
    });
    return first;
  }

  function highlightFromUrl() {
    var words = new URLSearchParams(location.search).get(HIGHLIGHT_PARAM);
    if (!words) return;
    var pattern = termPattern(highlightTerms(words));
    var first = null;
    document.querySelectorAll("main h1, main .answer").forEach(function (element) {
      var mark = markTerms(element, pattern, "search-hit");
      if (!first) first = mark;
    });
    if (!first || location.hash) return;
    var box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
  }
})();
