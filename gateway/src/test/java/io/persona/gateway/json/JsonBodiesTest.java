package io.persona.gateway.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonBodiesTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String objects(int n, String separator) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < n; i++) {
      body.append(i == 0 ? "" : separator).append("{\"i\":").append(i).append('}');
    }
    return body.toString();
  }

  @Test
  void anArrayUpToTheLimitIsParsedWhole() throws Exception {
    List<JsonNode> parsed = JsonBodies.objects(bytes("[" + objects(1000, ",") + "]"), false, "events", 1000);
    assertEquals(1000, parsed.size());
    assertEquals(999, parsed.get(999).get("i").asInt());
    assertEquals(1, JsonBodies.objects(bytes("{\"i\":7}"), false, "events", 1000).size(), "one object alone");
  }

  @Test
  void overTheLimitTheRestIsCountedExactlyWithoutBecomingTrees() {
    TooManyObjectsException one = assertThrows(TooManyObjectsException.class,
        () -> JsonBodies.objects(bytes("[" + objects(1001, ",") + "]"), false, "events", 1000));
    assertEquals(1001, one.count());
    assertTrue(one.getMessage().contains("at most 1000 events; this one has 1001"), one.getMessage());

    // 4 MiB of "{}," : 1.4 million objects, counted token by token
    int n = (4 << 20) / 3;
    TooManyObjectsException many = assertThrows(TooManyObjectsException.class,
        () -> JsonBodies.objects(bytes("[" + "{},".repeat(n - 1) + "{}]"), false, "events", 1000));
    assertEquals(n, many.count());

    TooManyObjectsException lines = assertThrows(TooManyObjectsException.class,
        () -> JsonBodies.objects(bytes(objects(1001, "\n") + "\n\n"), true, "events", 1000));
    assertEquals(1001, lines.count(), "blank lines are not objects");
  }

  @Test
  void malformedBodiesSayWhy() {
    assertMalformed("", "empty");
    assertMalformed("   ", "empty");
    assertMalformed("[]", "holds no");
    assertMalformed("42", "must be a JSON array");
    assertMalformed("[{\"i\":1}, 2]", "element [1] is not a JSON object");
    assertMalformed("[{\"i\":1}] [", "content after");
    assertMalformed("{\"i\":1}{\"i\":2}", "content after");
    assertMalformed("[{\"i\":1}", "end-of-input");
    assertMalformed("[{\"i\":1},]", "malformed JSON");
  }

  @Test
  void ndjsonLinesAreStrictUtf8AndMayEndInCrLf() throws Exception {
    assertEquals(2, JsonBodies.objects(bytes("{\"i\":1}\r\n\r\n{\"i\":2}\r\n"), true, "events", 10).size());
    byte[] invalid = {'{', '"', 'i', '"', ':', '"', (byte) 0xC3, '"', '}'};
    MalformedBodyException e = assertThrows(MalformedBodyException.class,
        () -> JsonBodies.objects(invalid, true, "events", 10));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void theParserStopsAtItsBoundsInsteadOfReadingOn() {
    assertMalformed("[{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}]", "nesting depth");
    assertMalformed("[{\"a\":\"" + "x".repeat((1 << 20) + 1) + "\"}]", "String value length");
    assertMalformed("[{\"a\":1" + "0".repeat(200) + "}]", "Number value length");
  }

  private static void assertMalformed(String body, String expected) {
    MalformedBodyException e = assertThrows(MalformedBodyException.class,
        () -> JsonBodies.objects(bytes(body), false, "events", 1000));
    assertTrue(!(e instanceof TooManyObjectsException), body);
    assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should say " + expected);
  }
}
