// Presentation mode: one slide at a time, keyboard and button navigation, speaker notes,
// full screen. Without this file every slide is readable one after another.
(function () {
  "use strict";

  function ready(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  ready(function () {
    var deck = document.querySelector(".bp-deck");
    var slides = Array.prototype.slice.call(document.querySelectorAll(".bp-slide"));
    var controls = document.querySelector(".bp-deck-controls");
    var counter = document.getElementById("folienzaehler");
    if (!deck || !slides.length || !controls || !counter) return;

    var body = document.body;
    var current = 0;
    var params = new URLSearchParams(window.location.search);
    var presenter = params.get("sprecheransicht") === "1";
    var notesShown = body.classList.contains("bp-deck--print-notes") || presenter;
    // Windows showing the same deck (projector and presenter view) follow each other.
    var channel = null;
    if (window.BroadcastChannel) {
      channel = new BroadcastChannel("blaupause-deck:" + window.location.pathname);
    }
    var template = counter.getAttribute("data-template") || "{n} / {total}";
    var notesButton = controls.querySelector('[data-deck="notes"]');
    var fullButton = controls.querySelector('[data-deck="fullscreen"]');
    var nextLine = document.getElementById("naechste-folie");
    var canFullscreen = !!(document.documentElement.requestFullscreen && document.fullscreenEnabled);

    body.classList.add("bp-deck--js");
    controls.hidden = false;
    if (!canFullscreen && fullButton) fullButton.parentElement.hidden = true;

    function indexFromHash() {
      var match = /^#folie-(\d+)$/.exec(window.location.hash || "");
      if (!match) return null;
      var index = parseInt(match[1], 10) - 1;
      return index >= 0 && index < slides.length ? index : null;
    }

    function show(index, options) {
      index = Math.max(0, Math.min(slides.length - 1, index));
      if (channel && !(options && options.remote) && index !== current) {
        channel.postMessage({ slide: index });
      }
      current = index;
      slides.forEach(function (slide, position) {
        slide.classList.toggle("is-current", position === index);
      });
      counter.textContent = template
        .replace("{n}", String(index + 1))
        .replace("{total}", String(slides.length));
      if (presenter && nextLine) {
        var following = slides[index + 1];
        nextLine.textContent = following
          ? (nextLine.getAttribute("data-template") || "{title}")
              .replace("{title}", following.getAttribute("data-title") || "")
          : nextLine.getAttribute("data-end") || "";
      }
      var hash = "#folie-" + (index + 1);
      if (window.location.hash !== hash) {
        window.history.replaceState(null, "", hash);
      }
      if (options && options.focus) {
        slides[index].setAttribute("tabindex", "-1");
        slides[index].focus({ preventScroll: true });
      }
      window.scrollTo(0, 0);
    }

    function setNotes(shown) {
      notesShown = shown;
      slides.forEach(function (slide) {
        var notes = slide.querySelector(".bp-notes");
        if (notes) notes.hidden = !shown;
      });
      body.classList.toggle("bp-deck--notes", shown);
      if (notesButton) notesButton.setAttribute("aria-pressed", shown ? "true" : "false");
    }

    function toggleFullscreen() {
      if (!canFullscreen) return;
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        document.documentElement.requestFullscreen().catch(function () {});
      }
    }

    document.addEventListener("fullscreenchange", function () {
      var on = !!document.fullscreenElement;
      body.classList.toggle("bp-deck--fullscreen", on);
      if (fullButton) fullButton.setAttribute("aria-pressed", on ? "true" : "false");
    });

    var actions = {
      first: function () { show(0); },
      previous: function () { show(current - 1); },
      next: function () { show(current + 1); },
      last: function () { show(slides.length - 1); },
      notes: function () { setNotes(!notesShown); },
      fullscreen: toggleFullscreen,
      print: function () { window.print(); },
      presenter: function () {
        var url = window.location.pathname + "?sprecheransicht=1#folie-" + (current + 1);
        window.open(url, "blaupause-sprecheransicht", "noopener");
      }
    };

    if (channel) {
      channel.addEventListener("message", function (event) {
        var index = event.data && event.data.slide;
        if (typeof index === "number" && index !== current) show(index, { remote: true });
      });
    }
    if (presenter) {
      body.classList.add("bp-deck--presenter");
      if (nextLine) nextLine.hidden = false;
    }

    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-deck]");
      if (!button) return;
      var action = actions[button.getAttribute("data-deck")];
      if (action) action();
    });

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var target = event.target;
      var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
      if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) {
        return;
      }
      // Space and Enter keep their meaning on buttons, links and summaries.
      var interactive = tag === "button" || tag === "a" || tag === "summary";
      switch (event.key) {
        case "ArrowRight":
        case "PageDown":
          show(current + 1);
          break;
        case " ":
          if (interactive) return;
          show(current + 1);
          break;
        case "ArrowLeft":
        case "PageUp":
          show(current - 1);
          break;
        case "Home":
          show(0);
          break;
        case "End":
          show(slides.length - 1);
          break;
        case "f":
        case "F":
          toggleFullscreen();
          break;
        case "n":
        case "N":
          setNotes(!notesShown);
          break;
        case "Escape":
          if (document.fullscreenElement) document.exitFullscreen();
          return;
        default:
          return;
      }
      event.preventDefault();
    });

    window.addEventListener("hashchange", function () {
      var index = indexFromHash();
      if (index !== null && index !== current) show(index, { focus: true });
    });

    setNotes(notesShown);
    var start = indexFromHash();
    show(start === null ? 0 : start);
  });
})();
