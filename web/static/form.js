// Shows and hides show_if questions as soon as an answer changes. It is a
// convenience only: the server decides the same thing when the form is sent,
// and re-shows the page with any question that appeared, so the form works
// without it. A hidden question's fieldset is disabled, so its answers are
// not sent (the server drops them anyway).
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  if (!form) return;
  var deps = form.querySelectorAll("fieldset[data-show-if]");
  if (!deps.length) return;

  function chosen(name) {
    var out = [];
    var els = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.disabled) continue;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      var v = el.value.replace(/^\s+|\s+$/g, "");
      if (v !== "") out.push(v);
    }
    return out;
  }

  function update() {
    // Document order: a question's condition is always on an earlier one,
    // so chains resolve in one pass.
    for (var i = 0; i < deps.length; i++) {
      var fs = deps[i];
      var dep = document.getElementById("q-" + fs.getAttribute("data-show-if"));
      var want = " " + fs.getAttribute("data-show-in") + " ";
      var show = false;
      if (dep && !dep.hidden) {
        var got = chosen(fs.getAttribute("data-show-if"));
        for (var j = 0; j < got.length; j++) {
          if (want.indexOf(" " + got[j] + " ") >= 0) show = true;
        }
      }
      fs.hidden = !show;
      fs.disabled = !show;
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  // A page restored by the back button keeps the answers but not the state.
  window.addEventListener("pageshow", update);
  update();
})();
