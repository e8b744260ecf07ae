package io.persona.gateway.http;

import io.persona.gateway.imports.ImportFormat;
import io.persona.gateway.json.MalformedBodyException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Reads a JSON or NDJSON request body whole, within a size limit, and answers the body-level
 * problems (wrong content type, too large, malformed) before any handler sees it.
 */
public final class RequestBodies extends AllDirectives {
  /** What a handler gets: the raw bytes and whether they are NDJSON. */
  interface Handler {
    CompletionStage<HttpResponse> handle(byte[] body, boolean ndjson) throws MalformedBodyException;
  }

  private final long maxBytes;
  private final long readTimeoutMillis;

  public RequestBodies(long maxBytes, long readTimeoutMillis) {
    this.maxBytes = maxBytes;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  Route json(boolean allowNdjson, Handler handler) {
    return extractRequestEntity(entity -> extractMaterializer(materializer -> {
      MediaType mediaType = entity.getContentType().mediaType();
      boolean json = isApplication(mediaType, "json");
      boolean ndjson = allowNdjson && isApplication(mediaType, "x-ndjson");
      if (!json && !ndjson) {
        entity.discardBytes(materializer);
        return complete(Responses.problem(Problem.of("unsupported-media-type", "Unsupported media type", 415,
            "Send Content-Type: application/json" + (allowNdjson ? " or application/x-ndjson" : "")
                + ", not " + mediaType)));
      }
      if (entity.getContentLengthOption().isPresent() && entity.getContentLengthOption().getAsLong() > maxBytes) {
        entity.discardBytes(materializer);
        return complete(tooLarge());
      }
      return completeWithFuture(read(entity, materializer, bytes -> handler.handle(bytes, ndjson)));
    }));
  }

  /** What an import handler gets: the raw bytes and their format. */
  interface ImportHandler {
    CompletionStage<HttpResponse> handle(byte[] body, ImportFormat format);
  }

  /** An import body: NDJSON or CSV (text/csv), read whole within the size limit. */
  Route ndjsonOrCsv(ImportHandler handler) {
    return extractRequestEntity(entity -> extractMaterializer(materializer -> {
      MediaType mediaType = entity.getContentType().mediaType();
      ImportFormat format = isApplication(mediaType, "x-ndjson") ? ImportFormat.NDJSON
          : mediaType.mainType().equals("text") && mediaType.subType().equals("csv") ? ImportFormat.CSV : null;
      if (format == null) {
        entity.discardBytes(materializer);
        return complete(Responses.problem(Problem.of("unsupported-media-type", "Unsupported media type", 415,
            "Send Content-Type: application/x-ndjson or text/csv, not " + mediaType)));
      }
      if (entity.getContentLengthOption().isPresent() && entity.getContentLengthOption().getAsLong() > maxBytes) {
        entity.discardBytes(materializer);
        return complete(tooLarge());
      }
      return completeWithFuture(read(entity, materializer, bytes -> handler.handle(bytes, format)));
    }));
  }

  private interface BodyHandler {
    CompletionStage<HttpResponse> handle(byte[] body) throws MalformedBodyException;
  }

  private CompletionStage<HttpResponse> read(RequestEntity entity, org.apache.pekko.stream.Materializer materializer,
                                             BodyHandler handler) {
    return strict(entity, materializer)
        .thenCompose(bytes -> {
          try {
            return handler.handle(bytes);
          } catch (MalformedBodyException e) {
            return CompletableFuture.completedFuture(Responses.problem(
                Problem.of("malformed-body", "Malformed request body", 400, e.getMessage())));
          }
        })
        .exceptionally(failure -> {
          if (unwrap(failure) instanceof EntityStreamSizeException) {
            return tooLarge();
          }
          throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        });
  }

  private CompletionStage<byte[]> strict(RequestEntity entity, org.apache.pekko.stream.Materializer materializer) {
    return entity.withSizeLimit(maxBytes)
        .toStrict(readTimeoutMillis, materializer)
        .thenApply(strict -> strict.getData().toArray());
  }

  private HttpResponse tooLarge() {
    return Responses.problem(Problem.of("payload-too-large", "Payload too large", 413,
        "The body exceeds " + maxBytes + " bytes; split it into several requests"));
  }

  private static boolean isApplication(MediaType mediaType, String subType) {
    return mediaType.mainType().equals("application") && mediaType.subType().equals(subType);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
