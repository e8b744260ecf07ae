package io.persona.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.actors.rules.RuleBook;
import io.persona.gateway.json.Json;
import io.persona.gateway.json.MalformedBodyException;
import io.persona.models.rules.BusinessRule;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import io.persona.persistence.rules.BusinessRuleRepository;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The operator's business rules, under {@code /v1/admin/rules} (operator key): {@code POST} creates
 * one (pin an item to a slot, block a category, boost items by an attribute, each for a period),
 * {@code GET} lists them, {@code DELETE /{id}} removes one. Stored in Cassandra; this node applies a
 * change at once, every other node within {@code persona.rules.refresh-interval}. Changes are logged
 * on the {@code io.persona.audit} logger.
 */
public final class RuleRoutes extends AllDirectives {
  /** The most a boost may multiply or divide a score by: beyond it a boost is a pin in disguise. */
  static final double MAX_FACTOR = 1000;
  private static final Logger audit = LoggerFactory.getLogger("io.persona.audit");
  private static final Set<String> FIELDS = Set.of("id", "kind", "itemId", "slot", "category", "attribute", "value",
      "factor", "activeFrom", "activeUntil");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.regex.Pattern RULE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final BusinessRuleRepository store;
  private final RuleBook book;
  private final RequestBodies bodies;
  private final int maxSlots;
  private final Executor blocking;
  private final Duration retryAfter;
  private final Clock clock;

  /** @param maxSlots slots are 0 to maxSlots - 1: the longest list a request may ask for */
  public RuleRoutes(BusinessRuleRepository store, RuleBook book, RequestBodies bodies, int maxSlots, Executor blocking,
                    Duration retryAfter, Clock clock) {
    this.store = store;
    this.book = book;
    this.bodies = bodies;
    this.maxSlots = maxSlots;
    this.blocking = blocking;
    this.retryAfter = retryAfter;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix("rules", () -> concat(
        pathEnd(() -> concat(
            post(() -> bodies.json(false, (body, ndjson) -> create(body))),
            get(() -> completeWithFuture(blocking(() -> {
              book.refresh();
              Instant now = clock.instant();
              return Responses.json(200, Map.of("rules", book.all().stream()
                  .sorted(Comparator.comparing(BusinessRule::activeFrom).thenComparing(BusinessRule::id))
                  .map(rule -> describe(rule, now)).toList()));
            }))))),
        path(PathMatchers.segment(), id -> delete(() -> completeWithFuture(remove(id))))));
  }

  private CompletionStage<HttpResponse> create(byte[] body) throws MalformedBodyException {
    JsonNode json = Json.readObject(body);
    List<FieldError> errors = new ArrayList<>();
    json.fieldNames().forEachRemaining(name -> {
      if (!FIELDS.contains(name)) {
        errors.add(new FieldError(name, "unknown field; allowed: " + String.join(", ", FIELDS.stream().sorted().toList())));
      }
    });
    Instant now = clock.instant();
    String id = json.has("id") ? json.get("id").asText("") : "r-" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    if (json.has("id") && !(json.get("id").isTextual() && RULE_ID.matcher(id).matches())) {
      errors.add(new FieldError("id", "must be 1-64 of A-Z a-z 0-9 . _ - (it goes in URLs)"));
    }
    Instant from = instant(json, "activeFrom", errors, now);
    Instant until = instant(json, "activeUntil", errors, null);
    if (from != null && until != null && !until.isAfter(from)) {
      errors.add(new FieldError("activeUntil", "must be after activeFrom"));
    }
    BusinessRule rule = null;
    String kind = json.path("kind").asText("");
    switch (kind) {
      case "pin" -> {
        String itemId = text(json, "itemId", errors);
        int slot = json.path("slot").isIntegralNumber() ? json.get("slot").asInt(-1) : -1;
        if (slot < 0 || slot >= maxSlots || !json.path("slot").canConvertToInt()) {
          errors.add(new FieldError("slot", "must be a whole number from 0 to " + (maxSlots - 1) + " (0 is the first)"));
        }
        only(json, kind, Set.of("itemId", "slot"), errors);
        if (errors.isEmpty()) {
          rule = new BusinessRule.PinItem(id, itemId, slot, from, until);
        }
      }
      case "block" -> {
        String category = text(json, "category", errors);
        only(json, kind, Set.of("category"), errors);
        if (errors.isEmpty()) {
          rule = new BusinessRule.BlockCategory(id, category, from, until);
        }
      }
      case "boost" -> {
        String attribute = text(json, "attribute", errors);
        String value = text(json, "value", errors);
        double factor = json.path("factor").isNumber() ? json.get("factor").asDouble() : Double.NaN;
        if (!(factor > 0 && factor <= MAX_FACTOR) || factor == 1) {
          errors.add(new FieldError("factor", "must be a number above 0 and at most " + (int) MAX_FACTOR
              + ", not 1: above 1 lifts the items, below 1 sinks them"));
        }
        only(json, kind, Set.of("attribute", "value", "factor"), errors);
        if (errors.isEmpty()) {
          rule = new BusinessRule.BoostAttribute(id, attribute, value, factor, from, until);
        }
      }
      default -> errors.add(new FieldError("kind", "must be pin, block or boost"));
    }
    if (!errors.isEmpty()) {
      return CompletableFuture.completedFuture(Responses.problem(Problem.invalid("invalid-rule", "Invalid rule",
          "the rule has " + errors.size() + " problem(s)", errors)));
    }
    BusinessRule created = rule;
    return blocking(() -> {
      if (!store.insert(created, now)) {
        return Responses.problem(Problem.of("rule-exists", "Rule exists", 409,
            "a rule with id " + created.id() + " exists already; delete it first or choose another id"));
      }
      book.refresh();
      audit.info("Business rule {} created: {}", created.id(), created);
      return Responses.json(201, describe(created, now));
    });
  }

  private CompletionStage<HttpResponse> remove(String id) {
    return blocking(() -> {
      if (!store.delete(id)) {
        return Responses.problem(Problem.of("not-found", "No such rule", 404, "there is no business rule " + id));
      }
      book.refresh();
      audit.info("Business rule {} deleted", id);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("id", id);
      answer.put("deleted", true);
      return Responses.json(200, answer);
    });
  }

  static Map<String, Object> describe(BusinessRule rule, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", rule.id());
    out.put("kind", rule.kind());
    if (rule instanceof BusinessRule.PinItem pin) {
      out.put("itemId", pin.itemId());
      out.put("slot", pin.slot());
    } else if (rule instanceof BusinessRule.BlockCategory block) {
      out.put("category", block.category());
    } else if (rule instanceof BusinessRule.BoostAttribute boost) {
      out.put("attribute", boost.attribute());
      out.put("value", boost.value());
      out.put("factor", boost.factor());
    }
    out.put("activeFrom", rule.activeFrom());
    if (rule.activeUntil() != null) {
      out.put("activeUntil", rule.activeUntil());
    }
    out.put("active", rule.activeAt(now));
    return out;
  }

  private static String text(JsonNode json, String field, List<FieldError> errors) {
    JsonNode value = json.get(field);
    String text = value != null && value.isTextual() ? value.asText() : null;
    Ids.check(field, text).ifPresent(errors::add);
    return text;
  }

  /** The fields of the other kinds are refused: a pin with a category is a mistake, not a filter. */
  private static void only(JsonNode json, String kind, Set<String> own, List<FieldError> errors) {
    for (String field : List.of("itemId", "slot", "category", "attribute", "value", "factor")) {
      if (json.has(field) && !own.contains(field)) {
        errors.add(new FieldError(field, "not a field of a " + kind + " rule"));
      }
    }
  }

  private static Instant instant(JsonNode json, String field, List<FieldError> errors, Instant otherwise) {
    if (!json.has(field) || json.get(field).isNull()) {
      return otherwise;
    }
    try {
      return Instant.parse(json.get(field).asText());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be an ISO-8601 instant such as 2026-12-24T00:00:00Z"));
      return otherwise;
    }
  }

  private CompletionStage<HttpResponse> blocking(Supplier<HttpResponse> work) {
    return CompletableFuture.supplyAsync(work, blocking).exceptionally(failure ->
        ServerFailures.answer(failure, "Rules unavailable", "The rule store could not be reached now; retry later.",
            retryAfter));
  }
}
