// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Move focus to the main landmark after an in-page skip, for screen readers in Safari.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.bp-skip-link");
    if (!link) return;
    var main = document.getElementById("main");
    if (main) main.focus();
  });
})();
