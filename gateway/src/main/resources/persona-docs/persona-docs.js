// Swagger UI over the node's own document (relative: works behind a proxy that adds a path prefix);
// "Authorize" takes a producer key, an end-user token or the operator key.
window.ui = SwaggerUIBundle({
  url: "../openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout"
});
