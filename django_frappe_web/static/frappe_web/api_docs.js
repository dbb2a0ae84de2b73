// Swagger UI for /api/docs/ over the schema URL the page names (a file, not an inline
// script, so a Content-Security-Policy of script-src 'self' allows the page). Tags start
// collapsed: an API with many whitelisted functions has hundreds of operations, and
// rendering them all at once stalls the page.
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.dataset.schemaUrl, dom_id: "#swagger-ui", deepLinking: true, docExpansion: "none" });
})();
