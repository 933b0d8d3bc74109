// okr's page works without this script; with it, tables sort by a click on a
// column's header, and a field filters the teams by name.
(function () {
  "use strict";
  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var sort = cell.getAttribute("data-sort");
    return sort !== null ? sort : cell.textContent.trim();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, column), y = cellValue(b, column);
          var nx = parseFloat(x), ny = parseFloat(y);
          var order = !isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y
            ? nx - ny : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var teams = document.querySelectorAll("section.team");
  var place = document.getElementById("filter-place");
  if (place && teams.length > 1) {
    var label = document.createElement("label");
    label.textContent = "Filter teams ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "team-filter";
    label.appendChild(input);
    place.appendChild(label);
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLowerCase();
      teams.forEach(function (team) {
        var heading = team.querySelector("h2, h3");
        var text = heading ? heading.textContent.toLowerCase() : "";
        team.hidden = wanted !== "" && text.indexOf(wanted) === -1;
      });
    });
  }
})();
