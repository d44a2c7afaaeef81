// participatienet – learning days: small enhancements; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Forms marked data-busy (forming groups takes a few seconds) say so and disable their
    // button while the server works, so nobody presses twice.
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var note = form.querySelector(".busy-note");
        if (!note) {
          note = document.createElement("p");
          note.className = "busy-note";
          note.setAttribute("role", "status");
          form.appendChild(note);
        }
        note.textContent = form.getAttribute("data-busy");
        form.setAttribute("aria-busy", "true");
        form.classList.add("is-busy");
        // Disable after the submit has been taken, so the button's own value is still sent.
        window.setTimeout(function () {
          form.querySelectorAll("button[type=submit]").forEach(function (button) {
            button.disabled = true;
          });
        }, 0);
      });
    });
    // Print buttons appear only when this script runs (Ctrl+P works without).
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
