// faqgen's site search. Progressive enhancement: without this script the search box stays
// inert, and every page still lists or links every question.
//
// The box (templates/partials/search.html) is a WAI-ARIA combobox with two listboxes, both in
// one panel under the field: questions that match, then answers that match. Focus stays in
// the field; ↑/↓ move aria-activedescendant through the options of both lists, Enter opens the
// active option (or the first), Esc closes the panel (a second Esc clears the field).
//
// The index is faqgen's own (src/search/files.rs documents its files): search/index.json,
// then, for each word typed, the one shard of words and the one shard of stems its place in
// the alphabet falls in, and for each entry shown, its own small file. Nothing else loads, at
// any size of site. On every keystroke:
//   1. The query is split into words and folded exactly as the build did (`words`, `fold`;
//      src/search/words.rs).
//   2. Each word is looked up in the site's words (`expand`): found, it stands for its stem
//      (so "stretches" finds "stretching"); not found, the index's stemming rules, learnt from
//      the site's words, give candidate stems; the word still being typed also stands for the
//      site's words it begins ("stret" → "stretch", "stretching"); and a word with none of
//      these, of four letters or more (and not Chinese, Japanese, Thai, Lao, Khmer, Burmese or
//      Tibetan, written without spaces), is corrected to the nearest word of the site with the
//      same first letter (one edit up to six letters, a missed letter only for four; two edits
//      for longer words; the
//      word found in most entries wins a tie). Stop words and words of one or two letters
//      add little to a result, never make one alone, and are never corrected; alone, they
//      match only as they are.
//   3. Entries are ranked (`rank`) by one score: for each query word an entry has, its BM25F
//      score from the index (question, aliases, headings and answer weighed at build time),
//      plus a bonus for having the word at all (WORD_BONUS, so that entries with more of the
//      query's words come first) and another if it is in the question or an alias
//      (QUESTION_BONUS). A stem reached by a prefix or a correction counts less (QUALITY); a
//      stop word or a short word adds a share (WEAK_SHARE).
//   4. The best entries whose question (or an alias) holds the query's words are the
//      suggestions; the others are the answers' results, each once, with an excerpt cut around
//      its matches (`excerpt`) under the answer's heading they fall under, filterable by
//      category and tag. A correction says so ("Showing results for …") with a button to
//      search the words as typed.
//
// Links from the box add ?highlight=words; on an entry page, those words are marked in the
// question and the answer (mark.search-hit) and the first one is scrolled into view.
(function () {
  "use strict";

  var MAX_SUGGESTIONS = 6;
  var FIRST_RESULTS = 5; // results shown at first; each loads its entry's file
  var RESULTS_PER_PAGE = 8; // and then per "Show more"
  var EXCERPT_WORDS = 24;
  var RESULTS_DELAY_MS = 60; // results (and their excerpts) wait for a pause this long
  var HIGHLIGHT_PARAM = "highlight";
  // How much a stem counts by how the query word reached it.
  var QUALITY = { exact: 1, rule: 0.9, typing: 0.8, prefix: 0.6, corrected: 0.7 };
  var MAX_PREFIX_WORDS = 6; // the site's words a word being typed may stand for
  var MIN_CORRECTED = 4; // shorter words are never corrected: too many words are one edit away
  // Scripts written without spaces whose runs are not split into words here (Chinese and
  // Japanese are, into pairs): a run is a phrase, and the nearest "word" another phrase.
  var WITHOUT_SPACES = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
  var MAX_CORRECTION_SHARDS = 4; // words shards a correction may load
  var WORD_BONUS = 80; // per query word an entry has
  var QUESTION_BONUS = 30; // per query word found in its question or an alias
  var WEAK_SHARE = 0.3; // the share of its score a stop word or a short word adds
  var WORD_RUN = /[\p{Alphabetic}\p{N}\p{M}]+(?:['\u2019][\p{Alphabetic}\p{N}\p{M}]+)*/gu;

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
  var correctionNote = panel.querySelector("[data-search-correction]");
  var filterSelects = Array.prototype.slice.call(panel.querySelectorAll("select[data-search-filter]"));

  var siteBase = new URL(root.dataset.base || "/", location.href);
  var indexUrl = new URL(root.dataset.index || "search/index.json", siteBase);
  var askTemplate = root.dataset.ask || "";

  var meta = null; // search/index.json, once loaded
  var metaPromise = null;
  var shards = { words: new Map(), terms: new Map() }; // shard number -> Promise of its JSON
  var entryFiles = new Map(); // entry number -> Promise of its file
  var filtersPromise = null;
  var seq = 0; // the latest query; older ones drop their answer
  var exactQuery = null; // the query the reader asked to search as typed, uncorrected
  var current = null; // { query, found, results, shown }: what the panel shows
  var resultsTimer = 0;
  var suggestionCount = 0;
  var activeOption = null;
  var statusTimer = 0;
  var pluralRules = null;
  try {
    pluralRules = new Intl.PluralRules(document.documentElement.lang || undefined);
  } catch (error) {
    pluralRules = null;
  }

  // For the browser tests: the word rule, and the ranking without the panel.
  window.faqgen = window.faqgen || {};
  window.faqgen.search = { words: words, search: search };

  // ---------------------------------------------------------------------------------------
  // Events

  // The index loads when the reader comes to the box; coming back to it shows the panel again
  // (but not when the focus merely returns from the panel, after Esc in a filter).
  input.addEventListener("focus", function (event) {
    loadMeta();
    var fromPanel = event.relatedTarget && root.contains(event.relatedTarget);
    if (input.value.trim() && !fromPanel) update();
  });
  input.addEventListener("click", function () {
    if (panel.hidden && input.value.trim()) update();
  });
  input.addEventListener("input", function () {
    exactQuery = null;
    update();
  });
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
      if (current) showResults(current, true);
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
          exactQuery = null;
          update();
        }
        return;
    }
  }

  // ---------------------------------------------------------------------------------------
  // One keystroke: the query is searched at once; suggestions show as soon as their entries'
  // files are there, results after a short pause.

  function update() {
    var typed = input.value;
    var query = typed.trim();
    var mine = ++seq;
    clearTimeout(resultsTimer);
    if (!query) {
      current = null;
      suggestionCount = 0;
      suggestionList.replaceChildren();
      resultList.replaceChildren();
      delete suggestionList.dataset.query;
      delete resultList.dataset.query;
      message.hidden = true;
      correctionNote.hidden = true;
      announce("");
      close();
      return;
    }
    var started = performance.now();
    search(typed, { exact: exactQuery === query })
      .then(function (found) {
        if (mine !== seq) return null;
        measure("faqgen-search:rank", started);
        var state = { query: query, found: found, shown: 0, results: null };
        var suggestions = found.ranked.filter(function (hit) {
          return hit.inQuestion;
        }).slice(0, MAX_SUGGESTIONS);
        state.suggestions = suggestions;
        return Promise.all(suggestions.map(function (hit) {
          return entryFile(hit.n);
        })).then(function (entries) {
          if (mine !== seq) return;
          current = state;
          renderSuggestions(state, entries);
          measure("faqgen-search:suggest", started);
          resultsTimer = setTimeout(function () {
            if (mine === seq) showResults(state, false);
          }, RESULTS_DELAY_MS);
        });
      })
      .catch(function (error) {
        if (mine !== seq) return;
        console.warn("faqgen search:", error);
        current = { query: query, found: { ranked: [], corrections: [], words: [] }, suggestions: [], shown: 0, results: [] };
        renderSuggestions(current, []);
        showResults(current, true);
      });
    // Until the new answer comes, a "no match" message from an older query is hidden as soon
    // as a suggestion shows that it no longer holds.
    if (suggestionCount > 0) message.hidden = true;
    refreshPanel();
  }

  // The results of `state` other than its suggestions, filtered, the first page rendered.
  function showResults(state, now) {
    var suggested = new Set(state.suggestions.map(function (hit) {
      return hit.n;
    }));
    var mine = seq;
    return chosenFilter().then(function (allowed) {
      var results = state.found.ranked.filter(function (hit) {
        return !suggested.has(hit.n) && (!allowed || allowed.has(hit.n));
      });
      state.results = results;
      state.filtered = allowed !== null;
      state.unfiltered = state.found.ranked.length - suggested.size;
      return pageOf(results, 0, FIRST_RESULTS).then(function (page) {
        if (mine !== seq && !now) return;
        if (current !== state) return;
        renderResults(state, page);
      });
    });
  }

  function pageOf(results, from, count) {
    var hits = results.slice(from, from + count);
    return Promise.all(hits.map(function (hit) {
      return entryFile(hit.n);
    })).then(function (entries) {
      return hits.map(function (hit, i) {
        return { hit: hit, entry: entries[i] };
      });
    });
  }

  // The entries the chosen filters allow, or null for no filter.
  function chosenFilter() {
    var chosen = filterSelects.filter(function (select) {
      return select.value !== "";
    });
    if (chosen.length === 0) return Promise.resolve(null);
    return loadFilters().then(function (filters) {
      var allowed = null;
      chosen.forEach(function (select) {
        var list = (filters[select.dataset.searchFilter] || [])[Number(select.value)] || [];
        var set = new Set();
        var n = 0;
        list.forEach(function (delta) {
          n += delta;
          if (!allowed || allowed.has(n)) set.add(n);
        });
        allowed = set;
      });
      return allowed;
    });
  }

  // ---------------------------------------------------------------------------------------
  // The index (src/search/files.rs)

  function fetchJson(url, init) {
    return fetch(url, init).then(function (response) {
      if (!response.ok) throw new Error(response.status + " fetching " + url);
      return response.json();
    });
  }

  // index.json is revalidated on every page (a 304 when unchanged); the other files carry the
  // index's id, so that a new build's files are never mixed with an old build's.
  function loadMeta() {
    if (!metaPromise) {
      metaPromise = fetchJson(indexUrl, { cache: "no-cache" }).then(function (data) {
        if (data.version !== 1) throw new Error("unknown search index version " + data.version);
        data.stopWords = new Set(data.stop);
        meta = data;
        fillFilters(data);
        return data;
      });
      metaPromise.catch(function (error) {
        console.warn("faqgen search: no index:", error);
        metaPromise = null; // to try again on the next keystroke
      });
    }
    return metaPromise;
  }

  function indexFile(path) {
    var url = new URL(path, indexUrl);
    url.searchParams.set("v", meta.id);
    return url;
  }

  function shard(kind, i) {
    var cache = shards[kind];
    if (!cache.has(i)) {
      var promise = fetchJson(indexFile(kind + "/" + i + ".json"));
      cache.set(i, promise);
      promise.catch(function () {
        cache.delete(i);
      });
    }
    return cache.get(i);
  }

  function entryFile(n) {
    if (!entryFiles.has(n)) {
      var promise = fetchJson(indexFile("entry/" + n + ".json"));
      entryFiles.set(n, promise);
      promise.catch(function () {
        entryFiles.delete(n);
      });
    }
    return entryFiles.get(n);
  }

  function loadFilters() {
    if (!filtersPromise) {
      filtersPromise = loadMeta().then(function () {
        return fetchJson(indexFile("filters.json"));
      });
      filtersPromise.catch(function () {
        filtersPromise = null;
      });
    }
    return filtersPromise;
  }

  // The shard holding `key`: the last whose first key is not after it. The build sorts keys
  // by UTF-16 code unit, as JavaScript compares strings.
  function shardOf(firstKeys, key) {
    var low = 0;
    var high = firstKeys.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (firstKeys[mid] <= key) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  // The rows of the words shards that hold the words from `from` to `to`.
  function wordRows(from, to) {
    var first = shardOf(meta.words, from);
    var last = shardOf(meta.words, to);
    var loads = [];
    for (var i = first; i <= last; i++) loads.push(shard("words", i));
    return Promise.all(loads).then(function (lists) {
      return [].concat.apply([], lists);
    });
  }

  function stemOf(row) {
    var stem = row[1];
    return stem === 0 ? row[0] : typeof stem === "number" ? row[0].slice(0, stem) : stem;
  }

  // The postings of `stem`: [Δentry, code, …], or an empty list.
  function postings(stem) {
    return shard("terms", shardOf(meta.terms, stem)).then(function (terms) {
      return Object.prototype.hasOwnProperty.call(terms, stem) ? terms[stem] : [];
    });
  }

  // ---------------------------------------------------------------------------------------
  // Words: the rule of src/search/words.rs, again.

  function isIdeographic(code) {
    return (
      (code >= 0x3040 && code <= 0x30ff) ||
      (code >= 0x31f0 && code <= 0x31ff) ||
      (code >= 0x3400 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xff66 && code <= 0xff9f) ||
      (code >= 0x20000 && code <= 0x2fa1f)
    );
  }

  function fold(word) {
    var lower = word.toLowerCase();
    return /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  }

  // The words of `text`, folded, each with where it is in `text` (UTF-16 offsets): runs of
  // letters, marks and digits, apostrophes inside them dropped; runs of ideographs as pairs.
  function wordSpans(text) {
    var spans = [];
    WORD_RUN.lastIndex = 0;
    var match;
    while ((match = WORD_RUN.exec(text))) {
      var run = match[0];
      var at = match.index;
      var plain = ""; // the run's other characters, up to the next ideograph
      var plainStart = at;
      var ideographs = []; // [character, offset]
      var flushPlain = function (end) {
        if (plain) spans.push({ word: fold(plain.replace(/['\u2019]/g, "")), start: plainStart, end: end });
        plain = "";
      };
      var flushIdeographs = function () {
        if (ideographs.length === 1) {
          spans.push({ word: ideographs[0][0], start: ideographs[0][1], end: ideographs[0][1] + ideographs[0][0].length });
        }
        for (var k = 0; k + 1 < ideographs.length; k++) {
          var a = ideographs[k];
          var b = ideographs[k + 1];
          spans.push({ word: a[0] + b[0], start: a[1], end: b[1] + b[0].length });
        }
        ideographs = [];
      };
      var offset = at;
      for (var c of run) {
        if (isIdeographic(c.codePointAt(0))) {
          flushPlain(offset);
          ideographs.push([c, offset]);
        } else {
          flushIdeographs();
          if (!plain) plainStart = offset;
          plain += c;
        }
        offset += c.length;
      }
      flushPlain(offset);
      flushIdeographs();
    }
    return spans;
  }

  function words(text) {
    return wordSpans(text).map(function (span) {
      return span.word;
    });
  }

  // ---------------------------------------------------------------------------------------
  // Searching

  // Searches `typed`: { words: [{ word, weak, found: [{ stem, quality, word }] }],
  // corrections: [{ from, to }], ranked: [{ n, matched, score, inQuestion }] }. With
  // `options.exact`, words are not corrected.
  function search(typed, options) {
    return loadMeta().then(function () {
      var list = words(typed);
      // The last word is still being typed unless something follows it.
      var typing = !/[^\p{Alphabetic}\p{N}\p{M}]$/u.test(typed);
      return Promise.all(
        list.map(function (word, i) {
          return expand(word, typing && i === list.length - 1, !!(options && options.exact));
        })
      );
    }).then(function (expanded) {
      return rank(expanded).then(function (ranked) {
        return {
          words: expanded,
          corrections: expanded
            .filter(function (w) {
              return w.corrected;
            })
            .map(function (w) {
              return { from: w.word, to: w.corrected };
            }),
          ranked: ranked,
        };
      });
    });
  }

  function isWeak(word) {
    if (meta.stopWords.has(word)) return true;
    return word.length <= 2 && !isIdeographic(word.codePointAt(0)) && !/^\p{N}+$/u.test(word);
  }

  // What one query word stands for (see the top of this file).
  function expand(word, typing, exact) {
    var result = { word: word, weak: isWeak(word), found: [], corrected: null };
    var seen = new Set();
    var add = function (stem, quality, surface) {
      if (seen.has(stem)) return;
      seen.add(stem);
      result.found.push({ stem: stem, quality: quality, word: surface });
    };
    return wordRows(word, word + "\uffff").then(function (rows) {
      var at = findRow(rows, word);
      if (at) add(stemOf(at), QUALITY.exact, word);
      var prefixed = function (quality) {
        if (word.length < 3 && !isIdeographic(word.codePointAt(0))) return;
        rows
          .filter(function (row) {
            return row[0].length > word.length && row[0].lastIndexOf(word, 0) === 0 && !meta.stopWords.has(row[0]);
          })
          .sort(function (a, b) {
            return b[2] - a[2];
          })
          .slice(0, MAX_PREFIX_WORDS)
          .forEach(function (row) {
            add(stemOf(row), quality, row[0]);
          });
      };
      if (typing) prefixed(QUALITY.typing);
      if (result.weak) return result;
      // The word may be a stem of the site's words without being one itself ("stretch").
      rows.forEach(function (row) {
        if (row[0].lastIndexOf(word, 0) === 0 && stemOf(row) === word) add(word, QUALITY.exact, row[0]);
      });
      if (result.found.length > 0) return result;
      return ruleStems(word).then(function (stems) {
        stems.forEach(function (found) {
          add(found.stem, QUALITY.rule, found.word);
        });
        if (result.found.length === 0) prefixed(QUALITY.prefix);
        if (result.found.length > 0 || exact) return result;
        return correct(word, typing).then(function (row) {
          if (row) {
            add(stemOf(row), QUALITY.corrected, row[0]);
            result.corrected = row[0];
          }
          return result;
        });
      });
    });
  }

  function findRow(rows, word) {
    for (var i = 0; i < rows.length; i++) if (rows[i][0] === word) return rows[i];
    return null;
  }

  // Stems of the site that the index's rules make of `word`: [{ stem, word }].
  function ruleStems(word) {
    var candidates = [];
    meta.rules.forEach(function (rule) {
      var ending = rule[0];
      if (word.length <= ending.length || word.slice(word.length - ending.length) !== ending) return;
      var stem = word.slice(0, word.length - ending.length) + rule[1];
      if (stem.length >= 3 && candidates.indexOf(stem) < 0) candidates.push(stem);
    });
    return Promise.all(
      candidates.map(function (stem) {
        // Words are found from one letter before the stem: the stem of "happy" is "happi".
        var from = stem.slice(0, Math.max(3, stem.length - 1));
        return wordRows(from, from + "\uffff").then(function (rows) {
          for (var i = 0; i < rows.length; i++) {
            if (stemOf(rows[i]) === stem) return { stem: stem, word: rows[i][0] };
          }
          return null;
        });
      })
    ).then(function (found) {
      return found.filter(Boolean);
    });
  }

  // The word of the site nearest to `word` (see the top of this file), or null.
  function correct(word, typing) {
    if (word.length < MIN_CORRECTED || /\p{N}/u.test(word) || isIdeographic(word.codePointAt(0)) || WITHOUT_SPACES.test(word)) return Promise.resolve(null);
    var most = word.length <= 6 ? 1 : 2;
    // Candidates share the word's first letter, or its first two where the words of that
    // letter fill more shards than a query should load.
    var head = word.slice(0, 1);
    if (shardOf(meta.words, head + "\uffff") - shardOf(meta.words, head) >= MAX_CORRECTION_SHARDS) head = word.slice(0, 2);
    return wordRows(head, head + "\uffff").then(function (rows) {
      var best = null;
      var bestDistance = most + 1;
      rows.forEach(function (row) {
        var candidate = row[0];
        if (candidate.length < 3 || meta.stopWords.has(candidate) || candidate.lastIndexOf(head, 0) !== 0) return;
        // A word of four letters is only taken for a longer one missing a letter ("lowr"):
        // other words one edit away are too often other words ("line", "like").
        if (word.length < 5 && candidate.length <= word.length) return;
        var distance = editDistance(word, candidate, most);
        // A word being typed may be the beginning of a misspelt word ("ibuprofi").
        if (typing && candidate.length > word.length) {
          distance = Math.min(distance, editDistance(word, candidate.slice(0, word.length), most) + 0.5);
        }
        if (distance < bestDistance || (distance === bestDistance && best && row[2] > best[2])) {
          best = row;
          bestDistance = distance;
        }
      });
      return best;
    });
  }

  // The optimal string alignment distance of `a` and `b` (a swap of two neighbours counts as
  // one edit), or most + 1 once it is sure to be more than `most`.
  function editDistance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var previous2 = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var smallest = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var value = Math.min(previous[k] + 1, row[k - 1] + 1, previous[k - 1] + cost);
        if (previous2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
          value = Math.min(value, previous2[k - 2] + 1);
        }
        row.push(value);
        if (value < smallest) smallest = value;
      }
      if (smallest > most) return most + 1;
      previous2 = previous;
      previous = row;
    }
    return Math.min(previous[b.length], most + 1);
  }

  // Ranks the entries the expanded words find (see the top of this file).
  function rank(expanded) {
    var strongCount = expanded.filter(function (w) {
      return !w.weak;
    }).length;
    // A query of stop words only ("how do I") searches them as it would any word.
    var allWeak = strongCount === 0;
    var byEntry = new Map(); // n -> { n, best, quality, fields: per query word }
    var lookups = [];
    expanded.forEach(function (w, i) {
      w.found.forEach(function (found) {
        // Alone, short words and stop words match only as they are: "do" finds no "doctor".
        if (allWeak && found.quality < 1) return;
        lookups.push(
          postings(found.stem).then(function (list) {
            var n = 0;
            for (var p = 0; p < list.length; p += 2) {
              n += list[p];
              var code = list[p + 1];
              var score = (code >> 2) * found.quality;
              var hit = byEntry.get(n);
              if (!hit) {
                hit = { n: n, best: new Float64Array(expanded.length), quality: new Float64Array(expanded.length), fields: new Uint8Array(expanded.length) };
                byEntry.set(n, hit);
              }
              if (score > hit.best[i]) {
                hit.best[i] = score;
                hit.quality[i] = found.quality;
              }
              hit.fields[i] |= code & 3;
            }
          })
        );
      });
    });
    return Promise.all(lookups).then(function () {
      var ranked = [];
      byEntry.forEach(function (hit) {
        var matched = 0; // the query's words it has, each by how surely (a correction less)
        var inQuestion = 0;
        var score = 0;
        expanded.forEach(function (w, i) {
          if (hit.best[i] === 0) return;
          var strong = allWeak || !w.weak;
          var share = strong ? 1 : WEAK_SHARE;
          score += share * (hit.best[i] + hit.quality[i] * (WORD_BONUS + (hit.fields[i] ? QUESTION_BONUS : 0)));
          if (!strong) return;
          matched += hit.quality[i];
          if (hit.fields[i]) inQuestion++;
        });
        if (matched === 0) return; // stop words and short words never match alone
        var needed = allWeak ? expanded.length : strongCount;
        ranked.push({ n: hit.n, matched: matched, score: score, inQuestion: inQuestion * 2 >= needed && inQuestion > 0 });
      });
      ranked.sort(function (a, b) {
        return b.score - a.score || a.n - b.n;
      });
      return ranked;
    });
  }

  // Whether a word of a text (folded) is one the query found: one of the site's words it
  // stands for, or an inflection of one of their stems.
  function matcher(found) {
    var surface = new Set();
    var stems = [];
    found.words.forEach(function (w) {
      w.found.forEach(function (f) {
        surface.add(f.word);
        if (f.stem.length >= 3) stems.push(f.stem);
      });
    });
    return function (word) {
      if (surface.has(word)) return true;
      for (var i = 0; i < stems.length; i++) {
        if (word.lastIndexOf(stems[i], 0) === 0 && word.length - stems[i].length <= 4) return true;
      }
      return false;
    };
  }

  // The words to highlight on the page a result opens.
  function highlightWords(found) {
    var list = [];
    found.words.forEach(function (w) {
      w.found.forEach(function (f) {
        if (!w.weak && list.indexOf(f.word) < 0) list.push(f.word);
      });
    });
    return list;
  }

  // ---------------------------------------------------------------------------------------
  // Rendering

  function fillFilters(data) {
    filterSelects.forEach(function (select) {
      var kind = select.dataset.searchFilter;
      var values = (kind === "category" ? data.categories : kind === "tag" ? data.tags : []).map(function (row, i) {
        // A category row is [title, path, entries]; a tag row [name, entries].
        return { value: i, name: row[0], count: row[row.length - 1], top: kind === "category" && row[1] === "" };
      });
      values
        .filter(function (v) {
          return v.count > 0 && !v.top;
        })
        .sort(function (a, b) {
          return a.name.localeCompare(b.name);
        })
        .forEach(function (v) {
          var option = document.createElement("option");
          option.value = String(v.value);
          option.textContent = v.name + " (" + v.count + ")";
          select.append(option);
        });
      select.closest("label").hidden = select.options.length <= 2;
    });
  }

  function renderSuggestions(state, entries) {
    var test = matcher(state.found);
    var highlight = highlightWords(state.found);
    suggestionList.replaceChildren();
    state.suggestions.forEach(function (hit, i) {
      var entry = entries[i];
      var option = createOption("search-s-" + i, entryUrl(entry.u, highlight));
      var title = span("search-title", entry.q);
      markMatches(title, test, "");
      option.append(title, span("search-category", categoryTitle(entry)));
      // The alias that holds more of the query's words than the question, if one does.
      var alias = null;
      var most = matchedWords(entry.q, test);
      (entry.a || []).forEach(function (text) {
        var count = matchedWords(text, test);
        if (count > most) {
          most = count;
          alias = text;
        }
      });
      if (alias) {
        var detail = span("search-detail", phrase("also-asked", { alias: alias }));
        markMatches(detail, test, "");
        option.append(detail);
      }
      suggestionList.append(option);
    });
    suggestionList.dataset.query = state.query;
    suggestionCount = state.suggestions.length;
    suggestionGroup.hidden = suggestionCount === 0;
    renderCorrection(state);
    setActive(null); // a new query: no option is active until ↓ or ↑
    if (suggestionCount > 0) message.hidden = true;
    refreshPanel();
  }

  // How many different words of `text` the query found.
  function matchedWords(text, test) {
    return new Set(words(text).filter(test)).size;
  }

  // "Showing results for …", with a button to search the words as typed.
  function renderCorrection(state) {
    var corrections = state.found.corrections;
    correctionNote.replaceChildren();
    correctionNote.hidden = corrections.length === 0;
    if (corrections.length === 0) return;
    var corrected = words(state.query)
      .map(function (word) {
        var fix = corrections.filter(function (c) {
          return c.from === word;
        })[0];
        return fix ? fix.to : word;
      })
      .join(" ");
    correctionNote.append(phrase("corrected", { corrected: corrected }));
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = phrase("exact", { query: state.query });
    button.addEventListener("click", function () {
      exactQuery = state.query;
      update();
      input.focus();
    });
    correctionNote.append(" ", button);
  }

  function renderResults(state, page) {
    // The suggestions are those of the same query: an option chosen among them stays active.
    var keepActive = activeOption && suggestionList.contains(activeOption) ? activeOption : null;
    resultList.replaceChildren();
    state.shown = 0;
    appendResults(state, page);
    // The filters stay on screen while they hide every result, so that they can be undone.
    resultGroup.hidden = state.results.length === 0 && !state.filtered;
    filterNote.hidden = state.results.length > 0;
    resultList.hidden = !filterNote.hidden;
    resultList.dataset.query = state.query;
    setActive(keepActive);
    settle(state);
    refreshPanel();
  }

  function appendResults(state, page) {
    var more = resultList.querySelector(".search-more");
    if (more) more.remove();
    var test = matcher(state.found);
    var highlight = highlightWords(state.found);
    page.forEach(function (item) {
      var entry = item.entry;
      var cut = excerpt(entry, test);
      var path = entry.u + (cut.heading ? "#" + cut.heading[2] : "");
      var option = createOption("search-r-" + state.shown++, entryUrl(path, highlight));
      var title = span("search-title", entry.q);
      markMatches(title, test, "");
      var where = categoryTitle(entry);
      if (cut.heading) where = where ? where + " › " + cut.heading[1] : cut.heading[1];
      var detail = span("search-detail", "");
      detail.append(cut.nodes);
      option.append(title, span("search-category", where), detail);
      resultList.append(option);
    });
    var left = state.results.length - state.shown;
    if (left > 0) {
      more = document.createElement("div");
      more.id = "search-more";
      more.className = "search-option search-more";
      more.setAttribute("role", "option");
      var count = Math.min(left, RESULTS_PER_PAGE);
      more.textContent = count === left ? phrase("more", { count: count }) : phrase("more-of", { count: count, left: left });
      more.addEventListener("click", showMore);
      resultList.append(more);
    }
  }

  function showMore() {
    var state = current;
    pageOf(state.results, state.shown, RESULTS_PER_PAGE).then(function (page) {
      if (current !== state) return;
      var first = state.shown;
      appendResults(state, page);
      setActive(document.getElementById("search-r-" + first));
      input.focus();
    });
  }

  function categoryTitle(entry) {
    var category = meta && meta.categories[entry.c];
    return category && category[1] !== "" ? category[0] : "";
  }

  // Both lists are up to date for the query: say so, or say that nothing matches.
  function settle(state) {
    var query = state.query;
    var nothing = state.found.ranked.length === 0;
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
          results: counted("results", state.results.length),
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

  // The panel's words come from the page (templates/strings/, through the search box's
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

  // The passage of an entry's answer with the most of the query's words, as text and <mark>s
  // (only the words, never the punctuation beside them), and the heading it falls under.
  function excerpt(entry, test) {
    var text = entry.t || "";
    var spans = wordSpans(text);
    var hits = spans.map(function (span) {
      return test(span.word);
    });
    var start = 0;
    var best = -1;
    for (var i = 0; i < spans.length; i++) {
      if (!hits[i]) continue;
      // A window that starts a few words before this match.
      var from = Math.max(0, i - 4);
      var seen = new Set();
      var score = 0;
      for (var k = from; k < Math.min(spans.length, from + EXCERPT_WORDS); k++) {
        if (!hits[k]) continue;
        score += seen.has(spans[k].word) ? 0.25 : 1;
        seen.add(spans[k].word);
      }
      if (score > best) {
        best = score;
        start = from;
      }
    }
    var end = Math.min(spans.length, start + EXCERPT_WORDS);
    var nodes = document.createDocumentFragment();
    if (spans.length === 0) return { nodes: nodes, heading: null };
    var at = spans[start].start;
    if (start > 0) nodes.append("… ");
    for (var s = start; s < end; s++) {
      if (!hits[s]) continue;
      nodes.append(text.slice(at, spans[s].start));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(spans[s].start, spans[s].end);
      nodes.append(mark);
      at = spans[s].end;
    }
    // Up to the end of the last word, with the punctuation that closes it.
    var stop = end < spans.length ? spans[end].start : text.length;
    nodes.append(text.slice(at, stop).replace(/\s+$/, ""));
    if (end < spans.length) nodes.append(" …");
    var heading = null;
    var matchAt = best > 0 ? spans[Math.min(start + 4, end - 1)].start : -1;
    (entry.h || []).forEach(function (h) {
      if (matchAt >= 0 && h[0] <= matchAt) heading = h;
    });
    return { nodes: nodes, heading: heading };
  }

  // Wraps the words of the text under `element` that `test` accepts in <mark>s; returns the
  // first. Only text nodes are split: the page's own markup is never parsed again.
  function markMatches(element, test, className) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var parts = [];
      var from = 0;
      wordSpans(text).forEach(function (span) {
        if (!test(span.word) || span.start < from) return;
        if (span.start > from) parts.push(text.slice(from, span.start));
        var mark = document.createElement("mark");
        if (className) mark.className = className;
        mark.textContent = text.slice(span.start, span.end);
        parts.push(mark);
        if (!first) first = mark;
        from = span.end;
      });
      if (parts.length === 0) return;
      if (from < text.length) parts.push(text.slice(from));
      node.replaceWith.apply(node, parts);
    });
    return first;
  }

  // Timings, for the browser tests and the curious: performance.getEntriesByName(name).
  function measure(name, start) {
    if (performance.measure) performance.measure(name, { start: start, end: performance.now() });
  }

  // The words of ?highlight= on an entry page: marked wherever a word begins with one of them
  // ("spasm" marks "Spasms").
  function highlightFromUrl() {
    var param = new URLSearchParams(location.search).get(HIGHLIGHT_PARAM);
    if (!param) return;
    var terms = words(param).filter(function (word) {
      return word.length >= 3 || isIdeographic(word.codePointAt(0));
    });
    if (terms.length === 0) return;
    var test = function (word) {
      return terms.some(function (term) {
        return word.lastIndexOf(term, 0) === 0;
      });
    };
    var first = null;
    document.querySelectorAll("main h1, main .answer").forEach(function (element) {
      var mark = markMatches(element, test, "search-hit");
      if (!first) first = mark;
    });
    if (!first || location.hash) return;
    var box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
  }
})();
