package io.persona.models.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z9", "user-1", "a.b_c:d@e-f", "urn:item:42", "Children's", "Home & Garden",
      "Électronique", "a/b", "a#b|c", "85123A", "商品 42", " padded "})
  void acceptsAnyPrintableText(String id) {
    assertTrue(Ids.isValid(id));
    assertEquals(Optional.empty(), Ids.check("id", id));
  }

  @Test
  void accepts128Characters() {
    assertTrue(Ids.isValid("x".repeat(128)));
    assertEquals(Optional.empty(), Ids.check("id", "x".repeat(128)));
  }

  @Test
  void refuses129Characters() {
    assertFalse(Ids.isValid("x".repeat(129)));
    assertEquals(Optional.of(new FieldError("id", "must be 1-128 characters long")),
        Ids.check("id", "x".repeat(129)));
  }

  @Test
  void refusesEmpty() {
    assertFalse(Ids.isValid(""));
    assertEquals(Optional.of(new FieldError("id", "must be 1-128 characters long")), Ids.check("id", ""));
  }

  @Test
  void refusesNullAsRequired() {
    assertFalse(Ids.isValid(null));
    assertEquals(Optional.of(new FieldError("id", "is required")), Ids.check("id", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\u0000b", "a\u007fb", "a\u0085b", "a\u2028b", "a\ud800b", "a\ue000b"})
  void refusesControlSeparatorSurrogateAndPrivateCharacters(String id) {
    assertFalse(Ids.isValid(id));
    assertTrue(Ids.check("id", id).orElseThrow().reason().startsWith("may not contain control"),
        Ids.check("id", id).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\t", "   "})
  void refusesOnlyWhiteSpace(String id) {
    assertFalse(Ids.isValid(id));
  }

  @Test
  void namesTheOffendingCharacterAndItsPosition() {
    assertEquals(Optional.of(new FieldError("id", "may not contain control or unassigned characters (U+0007 at position 2)")),
        Ids.check("id", "ab\u0007"));
  }

  @Test
  void errorNamesTheFieldItWasGiven() {
    assertEquals("userId", Ids.check("userId", "bad\nid").orElseThrow().field());
  }
}
