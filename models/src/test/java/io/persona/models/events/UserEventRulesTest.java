package io.persona.models.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.validation.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserEventRulesTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private static final UserEventRules RULES = new UserEventRules(Instant.parse("1990-01-01T00:00:00Z"), Duration.ofHours(1), 16);

  private static UserEvent valid() {
    return new UserEvent("evt-1", "user:42", EventTypes.VIEW, "item.7", NOW.minusSeconds(60), null, null,
        Map.of("device", "mobile"));
  }

  private static UserEvent withType(String type, Double value) {
    UserEvent e = valid();
    return new UserEvent(e.eventId(), e.userId(), type, e.itemId(), e.timestamp(), value, e.requestId(), e.context());
  }

  private static UserEvent withTimestamp(Instant ts) {
    UserEvent e = valid();
    return new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), ts, e.value(), e.requestId(), e.context());
  }

  private static UserEvent withValue(Double value) {
    return withType(EventTypes.VIEW, value);
  }

  private static UserEvent withRequestId(String requestId) {
    UserEvent e = valid();
    return new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.timestamp(), e.value(), requestId, e.context());
  }

  private static UserEvent withContext(Map<String, String> context) {
    UserEvent e = valid();
    return new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.timestamp(), e.value(), e.requestId(), context);
  }

  private static UserEvent withId(String field, String id) {
    UserEvent e = valid();
    return switch (field) {
      case "eventId" -> new UserEvent(id, e.userId(), e.type(), e.itemId(), e.timestamp(), null, null, e.context());
      case "userId" -> new UserEvent(e.eventId(), id, e.type(), e.itemId(), e.timestamp(), null, null, e.context());
      case "itemId" -> new UserEvent(e.eventId(), e.userId(), e.type(), id, e.timestamp(), null, null, e.context());
      default -> throw new IllegalArgumentException(field);
    };
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  private static List<String> errorFields(UserEvent event) {
    return fields(RULES.check(event, NOW));
  }

  private static Map<String, String> contextOf(int entries) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      m.put("k" + i, "v");
    }
    return m;
  }

  @Test
  void validEventHasNoErrors() {
    assertEquals(List.of(), RULES.check(valid(), NOW));
  }

  static Stream<Arguments> badIds() {
    return Stream.of("eventId", "userId", "itemId").flatMap(field -> Stream.of(
        Arguments.of(field, ""),
        Arguments.of(field, "line\nbreak"),
        Arguments.of(field, "nul\u0000"),
        Arguments.of(field, "   "),
        Arguments.of(field, "x".repeat(129))));
  }

  static Stream<Arguments> realWorldIds() {
    return Stream.of("eventId", "userId", "itemId").flatMap(field -> Stream.of(
        Arguments.of(field, "has space"),
        Arguments.of(field, "slash/es#and|pipes"),
        Arguments.of(field, "ümlaut-商品"),
        Arguments.of(field, "x".repeat(128))));
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @MethodSource("realWorldIds")
  void idsAreFreePrintableText(String field, String id) {
    assertEquals(List.of(), errorFields(withId(field, id)));
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @MethodSource("badIds")
  void badIdIsReportedUnderItsField(String field, String id) {
    assertEquals(List.of(field), errorFields(withId(field, id)));
  }

  @Test
  void idOf128CharsIsAccepted() {
    assertEquals(List.of(), errorFields(withId("itemId", "x".repeat(128))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "View", "1view", "_view", "add-to-cart", "with space", "é"})
  void malformedTypeIsReportedUnderType(String type) {
    assertEquals(List.of("type"), errorFields(withType(type, null)));
  }

  @Test
  void typeLongerThan64CharsIsRefused() {
    assertEquals(List.of("type"), errorFields(withType("a".repeat(65), null)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dwell_time", "share", "x", "video_play_2"})
  void customTypeNameIsAccepted(String type) {
    assertEquals(List.of(), errorFields(withType(type, null)));
  }

  @Test
  void customTypeOf64CharsIsAccepted() {
    assertEquals(List.of(), errorFields(withType("a".repeat(64), null)));
  }

  @Test
  void timestampBefore1990IsRefused() {
    assertEquals(List.of("timestamp"), errorFields(withTimestamp(Instant.parse("1989-12-31T23:59:59Z"))));
  }

  @Test
  void timestampExactlyAtEarliestIsAccepted() {
    assertEquals(List.of(), errorFields(withTimestamp(Instant.parse("1990-01-01T00:00:00Z"))));
  }

  @Test
  void epochSecondsSentAsMillisIsRefused() {
    // 1_717_243_200 read as millis is January 1970
    assertEquals(List.of("timestamp"), errorFields(withTimestamp(Instant.ofEpochMilli(NOW.getEpochSecond()))));
  }

  @Test
  void timestampTooFarInTheFutureIsRefused() {
    assertEquals(List.of("timestamp"), errorFields(withTimestamp(NOW.plus(Duration.ofHours(1)).plusMillis(1))));
  }

  @Test
  void timestampAtTheFutureSkewLimitIsAccepted() {
    assertEquals(List.of(), errorFields(withTimestamp(NOW.plus(Duration.ofHours(1)))));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e13, -1e13})
  void nonFiniteOrHugeValueIsReportedUnderValue(double value) {
    assertEquals(List.of("value"), errorFields(withValue(value)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -3.5, 1e12, -1e12})
  void finiteValueWithinRangeIsAccepted(double value) {
    assertEquals(List.of(), errorFields(withValue(value)));
  }

  @Test
  void ratingWithoutValueIsRefused() {
    assertEquals(List.of("value"), errorFields(withType(EventTypes.RATING, null)));
  }

  @Test
  void ratingWithValueIsAccepted() {
    assertEquals(List.of(), errorFields(withType(EventTypes.RATING, 4.0)));
  }

  @Test
  void nonRatingWithoutValueIsAccepted() {
    assertEquals(List.of(), errorFields(withType(EventTypes.PURCHASE, null)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bad\tid", "req\u00851"})
  void badRequestIdIsReportedUnderRequestId(String requestId) {
    assertEquals(List.of("requestId"), errorFields(withRequestId(requestId)));
  }

  @Test
  void wellFormedRequestIdIsAccepted() {
    assertEquals(List.of(), errorFields(withRequestId("req-123")));
  }

  @Test
  void tooManyContextEntriesIsReportedUnderContext() {
    assertEquals(List.of("context"), errorFields(withContext(contextOf(17))));
  }

  @Test
  void contextAtTheEntryLimitIsAccepted() {
    assertEquals(List.of(), errorFields(withContext(contextOf(16))));
  }

  @Test
  void contextEntryLimitComesFromTheRules() {
    UserEventRules strict = new UserEventRules(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofHours(1), 2);

    assertEquals(List.of("context"), fields(strict.check(withContext(contextOf(3)), NOW)));
    assertEquals(List.of(), fields(strict.check(withContext(contextOf(2)), NOW)));
  }

  @Test
  void malformedContextKeyIsReportedUnderContext() {
    assertEquals(List.of("context"), errorFields(withContext(Map.of("bad key", "v"))));
  }

  @Test
  void overlongContextValueIsReportedUnderItsKey() {
    assertEquals(List.of("context.page"), errorFields(withContext(Map.of("page", "p".repeat(257)))));
  }

  @Test
  void contextValueOf256CharsIsAccepted() {
    assertEquals(List.of(), errorFields(withContext(Map.of("page", "p".repeat(256)))));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    UserEvent bad = new UserEvent("", "u\n1", "Bad", "item-1", Instant.parse("1989-01-01T00:00:00Z"),
        Double.NaN, "r\u0000r", Map.of());

    List<String> fields = errorFields(bad);

    assertEquals(List.of("eventId", "userId", "type", "timestamp", "value", "requestId"), fields);
  }

  @Test
  void ratingWithoutValueSaysTheValueIsRequiredForARating() {
    List<FieldError> errors = RULES.check(withType(EventTypes.RATING, null), NOW);

    assertEquals(1, errors.size());
    assertTrue(errors.get(0).reason().contains("rating"));
  }
}
