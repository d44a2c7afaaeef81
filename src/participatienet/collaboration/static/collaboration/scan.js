// participatienet – the collaboration scan: live progress while answering, "choose all" on the
// invitation page. Every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-scan-form]");
    if (form) {
      var bar = document.querySelector("[data-progress]");
      var text = document.getElementById("progress-text");
      var template = form.getAttribute("data-progress-template") || "";
      var update = function () {
        var statements = form.querySelectorAll("[data-statement]");
        var answered = 0;
        statements.forEach(function (fieldset) {
          if (fieldset.querySelector("input:checked")) { answered += 1; }
        });
        form.querySelectorAll(".scan-section").forEach(function (section) {
          var count = document.querySelector('[data-section-count="' + section.id + '"]');
          if (!count) { return; }
          var all = section.querySelectorAll("[data-statement]");
          var done = 0;
          all.forEach(function (fieldset) { if (fieldset.querySelector("input:checked")) { done += 1; } });
          count.textContent = done + "/" + all.length;
        });
        if (bar) { bar.value = answered; }
        if (text && template) {
          text.textContent = template.replace("%(answered)s", answered).replace("%(total)s", statements.length);
        }
      };
      form.addEventListener("change", update);
    }
    document.querySelectorAll("[data-select-all]").forEach(function (box) {
      var group = document.getElementById(box.getAttribute("data-select-all"));
      if (!group) { return; }
      box.closest("[hidden]") && box.closest("[hidden]").removeAttribute("hidden");
      box.addEventListener("change", function () {
        group.querySelectorAll('input[name="people"]:not(:disabled)').forEach(function (input) {
          input.checked = box.checked;
        });
      });
    });
  });
})();
