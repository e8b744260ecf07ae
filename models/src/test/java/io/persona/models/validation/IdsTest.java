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
  @ValueSource(strings = {"a", "Z9", "user-1", "a.b_c:d@e-f", "urn:item:42"})
  void acceptsLettersDigitsAndDotUnderscoreColonAtDash(String id) {
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
  @ValueSource(strings = {"a b", "a/b", "a#b", "ü", "a\nb", "a,b", " "})
  void refusesOtherCharacters(String id) {
    assertFalse(Ids.isValid(id));
    assertEquals(Optional.of(new FieldError("id", "may contain only A-Z a-z 0-9 . _ : @ -")), Ids.check("id", id));
  }

  @Test
  void errorNamesTheFieldItWasGiven() {
    assertEquals("userId", Ids.check("userId", "bad id").orElseThrow().field());
  }
}
