package io.persona.models.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UserEventTest {
  private static final Instant T = Instant.parse("2024-06-01T12:00:00Z");

  private static UserEvent base() {
    return new UserEvent("evt-1", "user-1", EventTypes.RATING, "item-1", T, 4.0, "req-1",
        Map.of("device", "mobile"));
  }

  @Test
  void fingerprintSeparatesContentThatPlainHashCodesConfuse() {
    UserEvent aa = new UserEvent("e", "u", "view", "Aa", T, null, null, Map.of());
    UserEvent bb = new UserEvent("e", "u", "view", "BB", T, null, null, Map.of());
    UserEvent pageHome = new UserEvent("e", "u", "view", "i", T, null, null, Map.of("page", "home"));
    UserEvent homePage = new UserEvent("e", "u", "view", "i", T, null, null, Map.of("home", "page"));

    assertNotEquals(aa.contentFingerprint(), bb.contentFingerprint());
    assertNotEquals(pageHome.contentFingerprint(), homePage.contentFingerprint());
  }

  @Test
  void fingerprintIsEqualForEqualContent() {
    assertEquals(base().contentFingerprint(), base().contentFingerprint());
  }

  @Test
  void fingerprintIgnoresTheEventId() {
    UserEvent e = base();
    UserEvent other = new UserEvent("evt-999", e.userId(), e.type(), e.itemId(), e.timestamp(), e.value(),
        e.requestId(), e.context());

    assertEquals(e.contentFingerprint(), other.contentFingerprint());
  }

  @Test
  void fingerprintIsEqualForEqualContextBuiltDifferently() {
    Map<String, String> ctx = new HashMap<>();
    ctx.put("device", "mobile");
    UserEvent e = base();
    UserEvent other = new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.timestamp(), e.value(),
        e.requestId(), ctx);

    assertEquals(e.contentFingerprint(), other.contentFingerprint());
  }

  static Stream<Arguments> contentChanges() {
    return Stream.<Map.Entry<String, UnaryOperator<UserEvent>>>of(
        Map.entry("userId", e -> new UserEvent(e.eventId(), "user-2", e.type(), e.itemId(), e.timestamp(), e.value(),
            e.requestId(), e.context())),
        Map.entry("type", e -> new UserEvent(e.eventId(), e.userId(), EventTypes.CLICK, e.itemId(), e.timestamp(),
            e.value(), e.requestId(), e.context())),
        Map.entry("itemId", e -> new UserEvent(e.eventId(), e.userId(), e.type(), "item-2", e.timestamp(), e.value(),
            e.requestId(), e.context())),
        Map.entry("timestamp", e -> new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(),
            e.timestamp().plusSeconds(1), e.value(), e.requestId(), e.context())),
        Map.entry("value", e -> new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.timestamp(), 5.0,
            e.requestId(), e.context())),
        Map.entry("value absent", e -> new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.timestamp(), null,
            e.requestId(), e.context())),
        Map.entry("requestId", e -> new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.timestamp(),
            e.value(), "req-2", e.context())),
        Map.entry("requestId absent", e -> new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.timestamp(),
            e.value(), null, e.context())),
        Map.entry("context value", e -> new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.timestamp(),
            e.value(), e.requestId(), Map.of("device", "desktop"))),
        Map.entry("context entry added", e -> new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(),
            e.timestamp(), e.value(), e.requestId(), Map.of("device", "mobile", "page", "home"))))
        .map(c -> Arguments.of(c.getKey(), c.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contentChanges")
  void fingerprintDiffersWhenAContentFieldDiffers(String field, UnaryOperator<UserEvent> change) {
    UserEvent e = base();
    UserEvent changed = change.apply(e);

    assertNotEquals(e, changed, "the change must alter " + field);
    assertNotEquals(e.contentFingerprint(), changed.contentFingerprint());
  }

  @Test
  void nullContextBecomesEmpty() {
    UserEvent e = new UserEvent("e", "u", EventTypes.VIEW, "i", T, null, null, null);

    assertEquals(Map.of(), e.context());
  }

  @Test
  void contextIsCopiedSoLaterChangesToTheSourceDoNotLeakIn() {
    Map<String, String> ctx = new HashMap<>();
    ctx.put("device", "mobile");
    UserEvent e = new UserEvent("e", "u", EventTypes.VIEW, "i", T, null, null, ctx);

    ctx.put("page", "home");

    assertEquals(Map.of("device", "mobile"), e.context());
    assertThrows(UnsupportedOperationException.class, () -> e.context().put("x", "y"));
  }

  @Test
  void requiredFieldsMustNotBeNull() {
    assertThrows(NullPointerException.class, () -> new UserEvent(null, "u", "view", "i", T, null, null, null));
    assertThrows(NullPointerException.class, () -> new UserEvent("e", null, "view", "i", T, null, null, null));
    assertThrows(NullPointerException.class, () -> new UserEvent("e", "u", null, "i", T, null, null, null));
    assertThrows(NullPointerException.class, () -> new UserEvent("e", "u", "view", null, T, null, null, null));
    assertThrows(NullPointerException.class, () -> new UserEvent("e", "u", "view", "i", null, null, null, null));
  }
}
