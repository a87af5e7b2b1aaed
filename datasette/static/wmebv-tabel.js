/* The column menu of Datasette's table.js in Dutch (table.js builds it in English). */
(function () {
  var words = {
    ".dropdown-sort-asc": "Sorteer van laag naar hoog",
    ".dropdown-sort-desc": "Sorteer van hoog naar laag",
    ".dropdown-facet": "Tel de waarden (facet)",
    ".dropdown-hide-column": "Verberg deze kolom",
    ".dropdown-show-all-columns": "Toon alle kolommen",
    ".dropdown-not-blank": "Alleen rijen waar deze kolom iets heeft"
  };
  function translate() {
    Object.keys(words).forEach(function (selector) {
      document.querySelectorAll(".dropdown-menu " + selector).forEach(function (link) {
        link.textContent = words[selector];
      });
    });
    document.querySelectorAll(".filter-row a[aria-label='Remove this filter']").forEach(function (link) {
      link.setAttribute("aria-label", "Filter weghalen");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", translate);
  } else {
    translate();
  }
})();
