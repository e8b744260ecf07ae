package io.persona.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.KryoException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A record's stored format on its own: the mistakes its builder refuses at start (each would
 * corrupt or lose stored data later), what an absent field reads as, and the type check that
 * catches a component retyped under its old tag.
 */
class RecordFormatTest {
  record Sample(String name, long count, boolean flag, List<String> list, Set<String> set, Map<String, Long> map,
                Optional<String> maybe, Double value) {}

  private static RecordFormat.Builder<Sample> tagged() {
    return RecordFormat.of(Sample.class).tag("name", 1).tag("count", 2).tag("flag", 3).tag("list", 4).tag("set", 5)
        .tag("map", 6).tag("maybe", 7).tag("value", 8);
  }

  private static String refusal(RecordFormat.Builder<?> builder) {
    return assertThrows(IllegalStateException.class, builder::build).getMessage();
  }

  @Test
  void everyComponentNeedsATag() {
    String problem = refusal(RecordFormat.of(Sample.class).tag("name", 1));
    assertTrue(problem.contains(Sample.class.getName()) && problem.contains("count"), problem);
    assertTrue(refusal(tagged().tag("gone", 9)).contains("gone"));
  }

  @Test
  void aTagIsUsedOnceAndARetiredTagNeverAgain() {
    assertTrue(refusal(RecordFormat.of(Sample.class).tag("name", 1).tag("count", 1).tag("flag", 3).tag("list", 4)
        .tag("set", 5).tag("map", 6).tag("maybe", 7).tag("value", 8)).contains("used twice"));
    assertTrue(refusal(tagged().retired(8)).contains("retired tag is used again"));
    assertThrows(IllegalStateException.class, () -> tagged().tag("name", 9));
  }

  @Test
  void theVersion1LayoutNamesOnlyTagsThatAreUsedOrRetired() {
    assertTrue(refusal(tagged().legacy(12, String.class)).contains("version-1 layout"));
    tagged().retired(12).legacy(12, String.class).build();
  }

  @Test
  void aNewVersionNeedsAnUpcasterFromEachEarlierOne() {
    assertTrue(refusal(tagged().version(4).upcaster(2, f -> f)).contains("upcaster from version 3"));
    assertTrue(refusal(tagged().upcaster(2, f -> f)).contains("outside versions"));
    assertEquals(4, tagged().version(4).upcaster(2, f -> f).upcaster(3, f -> f).build().version());
  }

  @Test
  void anAbsentFieldReadsAsItsTypesZero() {
    Sample read = tagged().build().read(StoredFields.empty(2).with(1, "only the name"));
    assertEquals(new Sample("only the name", 0L, false, List.of(), Set.of(), Map.of(), Optional.empty(), null), read);
  }

  @Test
  void writingAndReadingTheFieldsGivesTheSameRecord() {
    RecordFormat<Sample> format = tagged().build();
    Sample sample = new Sample("n", 3, true, List.of("a"), Set.of("b"), Map.of("c", 1L), Optional.of("d"), 2.5);
    StoredFields fields = format.write(sample);
    assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), fields.tags());
    assertEquals(3L, fields.get(2));
    assertEquals(sample, format.read(fields));
  }

  @Test
  void aComponentRetypedUnderItsOldTagFailsByName() {
    KryoException failure = assertThrows(KryoException.class,
        () -> tagged().build().read(StoredFields.empty(2).with(2, "three")));
    assertTrue(failure.getMessage().contains("count"), failure.getMessage());
    assertTrue(failure.getMessage().contains("needs a new tag"), failure.getMessage());
  }

  @Test
  void upcastersRunInOrderUpToTheCurrentVersion() {
    RecordFormat<Sample> version4 = tagged().version(4)
        .upcaster(2, v2 -> v2.with(1, v2.get(1) + ", upcast to 3"))
        .upcaster(3, v3 -> v3.with(1, v3.get(1) + ", upcast to 4"))
        .build();
    assertEquals("v2, upcast to 3, upcast to 4",
        version4.readAnyVersion(StoredFields.empty(2).with(1, "v2")).name());
    assertEquals("v3, upcast to 4", version4.readAnyVersion(StoredFields.empty(3).with(1, "v3")).name());
    assertEquals("v4", version4.readAnyVersion(StoredFields.empty(4).with(1, "v4")).name());
    assertThrows(KryoException.class, () -> version4.readAnyVersion(StoredFields.empty(5)));
  }

  @Test
  void aRecordThatDidNotExistInVersion1HasNoLegacyReader() {
    KryoException failure = assertThrows(KryoException.class, () -> tagged().build().readLegacy(null, null));
    assertTrue(failure.getMessage().contains("did not exist in format version 1"), failure.getMessage());
  }
}
