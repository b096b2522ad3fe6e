// Drag and drop on a draft's tables in the organizer console: a name dragged onto another table
// fills in and submits that person's "Move … to …" form. Without JavaScript (and for keyboard
// users) the forms do the same; this only adds a shortcut. No dependencies.
(function () {
  "use strict";
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
