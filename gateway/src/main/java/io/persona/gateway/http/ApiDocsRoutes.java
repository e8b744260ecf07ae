package io.persona.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.persona.gateway.json.Json;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The API's own description, for people and tools, without a credential: {@code GET /openapi.json}
 * (the OpenAPI 3.1 document, written in {@code openapi/persona-api.yaml}), {@code GET /openapi.yaml}
 * (the same, as written) and {@code GET /docs/}, Swagger UI over it, served from the swagger-ui
 * webjar on the classpath: no CDN, so it works on a network without internet.
 */
public final class ApiDocsRoutes extends AllDirectives {
  static final String DOCUMENT = "openapi/persona-api.yaml";
  /** The page and its start script; a folder name of Persona's own, so no other jar's files are served. */
  private static final String OWN_FILES = "persona-docs/";
  private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private final byte[] yaml;
  private final byte[] json;
  private final String swaggerUiFiles;

  public ApiDocsRoutes() {
    this.yaml = resource(DOCUMENT);
    this.json = asJson(yaml);
    this.swaggerUiFiles = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
  }

  public Route route() {
    return concat(
        path("openapi.json", () -> get(() -> complete(HttpResponse.create()
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json))))),
        path("openapi.yaml", () -> get(() -> complete(HttpResponse.create()
            .withEntity(HttpEntities.create(MediaTypes.applicationWithOpenCharset("yaml")
                .toContentType(HttpCharsets.UTF_8), yaml))))),
        // /docs itself redirects to /docs/ so that the page's relative URLs resolve under it
        path("docs", () -> get(() -> redirect(Uri.create("/docs/"), StatusCodes.PERMANENT_REDIRECT))),
        pathPrefix(PathMatchers.segment("docs").slash(), () -> get(() -> concat(
            pathEnd(() -> getFromResource(OWN_FILES + "index.html")),
            getFromResourceDirectory(OWN_FILES),
            getFromResourceDirectory(swaggerUiFiles)))));
  }

  /** The document as JSON: parsed once at start, so a broken document stops the node, not a client. */
  private static byte[] asJson(byte[] yaml) {
    try {
      JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(yaml);
      return Json.MAPPER.writeValueAsBytes(document);
    } catch (IOException e) {
      throw new UncheckedIOException("The OpenAPI document " + DOCUMENT + " is not valid YAML", e);
    }
  }

  private static String swaggerUiVersion() {
    Properties properties = new Properties();
    try (InputStream in = stream(WEBJAR_PROPERTIES)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static byte[] resource(String name) {
    try (InputStream in = stream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream stream(String name) {
    InputStream in = ApiDocsRoutes.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is missing from the classpath");
    }
    return in;
  }
}
