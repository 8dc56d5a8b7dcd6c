// The resident form's conveniences. The form works without them: the server
// decides the same things when the form is sent.
// - show_if questions appear and disappear as soon as an answer changes,
//   and one that appears is announced to screen readers. A hidden
//   question's fieldset is disabled, so its answers are not sent (the
//   server drops them anyway); the server re-shows the page with any
//   question that appeared when the form is sent without this script.
// - A link of the error summary, or of the list of questions that
//   appeared, brings its whole question into view, legend first, and
//   focuses its field: following the link itself would scroll the field to
//   the top of the screen and the question it answers out of sight.
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  if (!form) return;
  followUps(form);
  questionLinks();

  function followUps(form) {
    var deps = form.querySelectorAll("fieldset[data-show-if]");
    if (!deps.length) return;
    var live = form.querySelector("[role=status][data-appeared]");

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

    function wanted(fs) {
      var dep = document.getElementById("q-" + fs.getAttribute("data-show-if"));
      if (!dep || dep.hidden) return false;
      var want = " " + fs.getAttribute("data-show-in") + " ";
      var got = chosen(fs.getAttribute("data-show-if"));
      for (var j = 0; j < got.length; j++) {
        if (want.indexOf(" " + got[j] + " ") >= 0) return true;
      }
      return false;
    }

    // announce is false when the page (re)loads: the resident has not
    // changed anything yet.
    function update(announce) {
      var appeared = [], changed = false;
      // Document order: a question's condition is always on an earlier
      // one, so chains resolve in one pass.
      for (var i = 0; i < deps.length; i++) {
        var fs = deps[i];
        var show = wanted(fs);
        if (show === fs.hidden) changed = true;
        if (show && fs.hidden) appeared.push(fs);
        fs.hidden = !show;
        fs.disabled = !show;
      }
      // One answer fires both input and change: only the first changes
      // what is shown, and the second must not silence it.
      if (announce && live && changed) say(appeared);
    }

    // A live region speaks when its text changes: emptied when questions
    // only went away, so a question that comes back is announced again.
    function say(appeared) {
      var words = [];
      for (var i = 0; i < appeared.length; i++) {
        var legend = appeared[i].querySelector("legend");
        words.push(live.getAttribute("data-appeared") + " " + (legend ? legend.textContent.replace(/\s+/g, " ").trim() : ""));
      }
      live.textContent = words.join(" ");
    }

    form.addEventListener("change", function () { update(true); });
    form.addEventListener("input", function () { update(true); });
    // A page restored by the back button keeps the answers but not the state.
    window.addEventListener("pageshow", function () { update(false); });
    update(false);
  }

  function questionLinks() {
    document.addEventListener("click", function (e) {
      var link = e.target.closest ? e.target.closest(".summary a, .notice a") : null;
      if (!link || link.hash.length < 2) return;
      var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      var question = field && field.closest("fieldset");
      if (!question) return;
      e.preventDefault();
      question.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }
})();
