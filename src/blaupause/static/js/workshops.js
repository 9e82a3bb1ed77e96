// Workshop board: drag and drop of idea cards into groups (facilitator, step "Gruppieren").
// Without this file every card keeps its "Gruppe" select and "Verschieben" button, which post
// the same form; the script only fills the select and sends that form in the background.
(function () {
  "use strict";

  var dragged = null;

  // htmx copies "style" between old and new elements while it settles a swap; under the strict
  // CSP that write is refused, and the board needs only the class to settle.
  if (window.htmx) window.htmx.config.attributesToSettle = ["class"];

  function zoneOf(node) {
    return node && node.closest ? node.closest("[data-bp-drop]") : null;
  }

  function clearZones() {
    var zones = document.querySelectorAll(".bp-ws-cluster--over");
    Array.prototype.forEach.call(zones, function (zone) {
      zone.classList.remove("bp-ws-cluster--over");
    });
  }

  function refresh() {
    document.body.dispatchEvent(new CustomEvent("bp:refresh"));
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest("[data-bp-card]") : null;
    if (!card) return;
    dragged = card;
    card.classList.add("bp-ws-card--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("bp-ws-card--dragging");
    dragged = null;
    clearZones();
  });

  document.addEventListener("dragover", function (event) {
    var zone = zoneOf(event.target);
    if (!zone || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!zone.classList.contains("bp-ws-cluster--over")) {
      clearZones();
      zone.classList.add("bp-ws-cluster--over");
    }
  });

  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event.target);
    if (!zone || !dragged) return;
    event.preventDefault();
    clearZones();
    var card = dragged;
    var form = card.querySelector("form[data-bp-move]");
    var select = form ? form.querySelector("select[name='cluster']") : null;
    if (!form || !select) return;
    var target = zone.getAttribute("data-bp-drop");
    if (select.value === target) return;
    select.value = target;
    var list = zone.querySelector(".bp-ws-cards");
    var item = card.parentElement;
    if (list && item) {
      var empty = list.querySelector(".bp-ws-empty");
      if (empty) empty.remove();
      list.appendChild(item);
    }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        refresh();
      })
      .catch(function () {
        // Fall back to the plain form post: the page reloads with the message of the server.
        form.submit();
      });
  });

  function changed(control) {
    if (control.tagName === "SELECT") {
      return Array.prototype.some.call(control.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    if (control.tagName === "TEXTAREA" || (control.tagName === "INPUT" && control.type === "text")) {
      return control.value !== control.defaultValue;
    }
    return false;
  }

  // The person is in a form of the board region with a choice made but not yet sent.
  function editing() {
    var active = document.activeElement;
    var region = document.getElementById("bp-board-region");
    if (!active || !region || !region.contains(active)) return false;
    var form = active.form || (active.closest ? active.closest("form") : null);
    var controls = form ? Array.prototype.slice.call(form.elements) : [active];
    return controls.some(changed);
  }

  // The keyboard focus sits in the board on something a new board could not focus again
  // (htmx moves the focus only to an element with the same id).
  function focusWouldBeLost() {
    var active = document.activeElement;
    var region = document.getElementById("bp-board-region");
    return !!(active && region && region.contains(active) && active !== region && !active.id);
  }

  function busy() {
    return !!dragged || editing() || focusWouldBeLost();
  }

  // Do not replace the board while a card is dragged, a choice in it is half made or the
  // focus would be lost; the next poll catches up. A poll that was already on its way when the
  // person started is checked again before its answer replaces anything.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!event.target || event.target.id !== "bp-live") return;
    if (busy()) event.preventDefault();
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.target || event.target.id !== "bp-live") return;
    if (busy()) event.detail.shouldSwap = false;
  });
})();
