package io.persona.persistence.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5) // a broken deadline would hang rather than fail
class SchemaAgreementTest {

  @Test
  void asksAgainUntilTheNodesAgree() {
    AtomicInteger checks = new AtomicInteger();
    new SchemaAgreement(() -> checks.incrementAndGet() >= 3, Duration.ofSeconds(10), Duration.ofMillis(1))
        .await("CREATE TABLE t");
    assertEquals(3, checks.get(), "two disagreements, then the agreement it returns on");
  }

  @Test
  void nodesThatNeverAgreeFailTheStartNamingTheChange() {
    AtomicInteger checks = new AtomicInteger();
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> new SchemaAgreement(() -> {
          checks.incrementAndGet();
          return false;
        }, Duration.ofMillis(50), Duration.ofMillis(5)).await("ALTER TABLE interaction_log ADD arrival bigint"));
    assertTrue(refused.getMessage().contains("ALTER TABLE interaction_log ADD arrival bigint"), refused.getMessage());
    assertTrue(refused.getMessage().contains("did not agree"), refused.getMessage());
    assertTrue(checks.get() > 1, "it kept asking until the deadline: " + checks.get());
  }

  @Test
  void aCheckThatFailsCountsAsNotYet() {
    AtomicInteger checks = new AtomicInteger();
    new SchemaAgreement(() -> {
      if (checks.incrementAndGet() == 1) {
        throw new IllegalStateException("control connection lost");
      }
      return true;
    }, Duration.ofSeconds(10), Duration.ofMillis(1)).await("CREATE TABLE t");
    assertEquals(2, checks.get());
  }
}
