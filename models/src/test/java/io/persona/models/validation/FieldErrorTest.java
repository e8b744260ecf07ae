package io.persona.models.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FieldErrorTest {

  @Test
  void underPrefixesTheFieldAndKeepsTheReason() {
    assertEquals(new FieldError("items[0].itemId", "is required"),
        new FieldError("itemId", "is required").under("items[0]"));
  }

  @Test
  void underNestsRepeatedly() {
    assertEquals("[3].context.page",
        new FieldError("page", "too long").under("context").under("[3]").field());
  }
}
