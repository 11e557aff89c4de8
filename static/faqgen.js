// faqgen's theme script: progressive enhancement only. Without it every question is still
// listed, each answer opens with a click, and each has its own page.
(function () {
  "use strict";

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll("details.faq"));
  }

  // A deep link (#slug) opens the answer it names and brings it into view.
  function openFromHash() {
    var id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;
    }
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var card = target.closest("details.faq");
    if (!card) return;
    card.open = true;
    target.scrollIntoView({ block: "start" });
  }

  function setAll(open) {
    cards().forEach(function (card) { card.open = open; });
  }

  function showTools() {
    var tools = document.querySelector("[data-faq-tools]");
    if (!tools || cards().length < 2) return;
    tools.hidden = false;
    tools.querySelector("[data-faq-expand-all]").addEventListener("click", function () { setAll(true); });
    tools.querySelector("[data-faq-collapse-all]").addEventListener("click", function () { setAll(false); });
  }

  // On a phone the navigation folds behind a menu button (the stylesheet hides the list once
  // the page has script, which base.html marks before anything is drawn).
  function menu() {
    var nav = document.querySelector(".site-nav");
    var button = nav && nav.querySelector(".nav-toggle");
    if (!button) return;
    function set(open) {
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        set(false);
        button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) set(false);
    });
    // Tabbing past the last link closes the menu, which would otherwise cover the page.
    nav.addEventListener("focusout", function (event) {
      if (!nav.contains(event.relatedTarget)) set(false);
    });
  }

  // A copy button on each block of code in an answer; its words come from the site's
  // language, on this script's own tag.
  var script = document.currentScript;
  function copyButtons() {
    if (!navigator.clipboard || !script) return;
    var copy = script.getAttribute("data-copy") || "Copy";
    var copied = script.getAttribute("data-copied") || "Copied";
    document.querySelectorAll(".answer pre > code, .faq-answer pre > code").forEach(function (code) {
      var pre = code.parentNode;
      if (pre.parentNode.classList.contains("code-block")) return;
      var block = document.createElement("div");
      block.className = "code-block";
      pre.parentNode.insertBefore(block, pre);
      block.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "code-copy";
      button.textContent = copy;
      button.addEventListener("click", function () {
        // Of a shell session, only the commands: without their prompts and output, what is
        // copied can be pasted into a shell.
        var text = code.cloneNode(true);
        text.querySelectorAll(".hl-p, .hl-o").forEach(function (part) { part.remove(); });
        navigator.clipboard.writeText(text.textContent).then(function () {
          button.textContent = copied;
          setTimeout(function () { button.textContent = copy; }, 2000);
        });
      });
      block.appendChild(button);
    });
  }

  menu();
  showTools();
  copyButtons();
  // `faqgen serve` replaces the page's content in place after an edit.
  document.addEventListener("faqgen:updated", function () {
    showTools();
    copyButtons();
  });

  openFromHash();
  window.addEventListener("hashchange", openFromHash);

  // Printing shows every answer; the reader's own choice is restored afterwards.
  var closedBeforePrint = [];
  window.addEventListener("beforeprint", function () {
    closedBeforePrint = cards().filter(function (card) { return !card.open; });
    closedBeforePrint.forEach(function (card) { card.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedBeforePrint.forEach(function (card) { card.open = false; });
    closedBeforePrint = [];
  });
})();
