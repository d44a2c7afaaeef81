// participatienet: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Selects marked data-autosubmit submit their form on change; the button stays for
    // keyboard and no-script users, and is hidden only when this script runs.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      var form = select.form;
      var button = form && form.querySelector("button[type=submit]");
      if (button) { button.classList.add("visually-hidden"); }
      select.addEventListener("change", function () { form.submit(); });
    });
    // A button marked data-refresh-for reloads its form when that select changes (for example
    // to list the organisations of the chosen region); the button stays for no-script users.
    document.querySelectorAll("button[data-refresh-for]").forEach(function (button) {
      var select = document.getElementById(button.getAttribute("data-refresh-for"));
      if (!select) { return; }
      button.classList.add("visually-hidden");
      select.addEventListener("change", function () { button.click(); });
    });
    // Forms marked data-confirm ask before they are sent.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
    // The menu folds away on small screens.
    var toggle = document.querySelector(".nav-toggle");
    if (toggle) {
      var list = document.getElementById(toggle.getAttribute("aria-controls"));
      document.documentElement.classList.add("js");
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", open ? "false" : "true");
        list.classList.toggle("open", !open);
      });
    }
    // Error summaries take the focus, so screen reader users hear what to correct.
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
