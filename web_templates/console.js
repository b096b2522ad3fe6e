// Drag and drop on a draft's tables in the organizer console: a name dragged onto another table
// fills in and submits that person's "Move … to …" form. Without JavaScript (and for keyboard
// users) the forms do the same; this only adds a shortcut. No dependencies.
(function () {
  "use strict";
  // A running job's page: fetch the page again every second and swap in its live region, so
  // the progress updates in place (read out politely) instead of the page reloading.
  var live = document.getElementById("job-live");
  if (live && live.hasAttribute("data-running")) {
    var follow = function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var next = new DOMParser().parseFromString(html, "text/html").getElementById("job-live");
          if (!next) { return; }
          live.innerHTML = next.innerHTML;
          if (next.hasAttribute("data-running")) {
            window.setTimeout(follow, 1000);
          } else {
            live.removeAttribute("data-running");
          }
        })
        .catch(function () { window.setTimeout(follow, 3000); });
    };
    live.setAttribute("aria-live", "polite");
    window.setTimeout(follow, 1000);
    return;
  }
  var tables = document.querySelectorAll(".table[data-table]");
  if (tables.length < 2) { return; }
  var dragged = null;
  function moveForm(section) { return section.querySelector("form.move"); }
  tables.forEach(function (section) {
    section.querySelectorAll("li[data-attendee]").forEach(function (li) {
      li.setAttribute("draggable", "true");
      li.addEventListener("dragstart", function (event) {
        dragged = { attendee: li.getAttribute("data-attendee"), from: section };
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged.attendee);
      });
      li.addEventListener("dragend", function () { dragged = null; });
    });
    section.addEventListener("dragover", function (event) {
      if (dragged && dragged.from !== section) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        section.classList.add("drop-target");
      }
    });
    section.addEventListener("dragleave", function () { section.classList.remove("drop-target"); });
    section.addEventListener("drop", function (event) {
      section.classList.remove("drop-target");
      if (!dragged || dragged.from === section) { return; }
      event.preventDefault();
      var form = moveForm(dragged.from);
      if (!form) { return; }
      form.elements.attendee_id.value = dragged.attendee;
      form.elements.table.value = section.getAttribute("data-table");
      dragged = null;
      form.submit();
    });
  });
})();
