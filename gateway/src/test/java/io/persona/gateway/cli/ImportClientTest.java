package io.persona.gateway.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command reports a bad line once, by its line in the file, not also by its line in a chunk. */
class ImportClientTest {

  @Test
  void theChunksLineIsLeftOutOfANodesReason() {
    assertEquals("timestamp must be an ISO-8601 instant",
        ImportClient.withoutBodyLine("line 2.timestamp must be an ISO-8601 instant"));
  }

  @Test
  void aReasonWithoutALinePrefixIsKept() {
    assertEquals("unreadable JSON", ImportClient.withoutBodyLine("unreadable JSON"));
    assertEquals("the line 2. field", ImportClient.withoutBodyLine("the line 2. field"));
  }
}
