package io.persona.streams.learning;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RefusedArtifactsTest {

  @Test
  void onlyTheNewestRefusedArtifactsAreKeptAndTheOlderAreDroppedOldestFirst() {
    List<String> dropped = new ArrayList<>();
    RefusedArtifacts refused = new RefusedArtifacts(2, dropped::add);

    refused.refused("v1");
    refused.refused("v2");
    assertEquals(List.of(), dropped, "two refused, two kept");

    refused.refused("v3");
    refused.refused("v4");
    assertEquals(List.of("v1", "v2"), dropped);
    assertEquals(List.of("v4", "v3"), refused.keptVersions());
  }

  @Test
  void keepingNoneDropsEachOneAsItIsRefused() {
    List<String> dropped = new ArrayList<>();
    RefusedArtifacts refused = new RefusedArtifacts(0, dropped::add);

    refused.refused("v1");
    refused.refused("v2");

    assertEquals(List.of("v1", "v2"), dropped);
    assertEquals(List.of(), refused.keptVersions());
  }

  @Test
  void aDropThatFailsLeavesThatArtifactToItsTtlAndGoesOnWithTheNext() {
    List<String> tried = new ArrayList<>();
    RefusedArtifacts refused = new RefusedArtifacts(1, version -> {
      tried.add(version);
      throw new IllegalStateException("Cassandra timed out");
    });

    refused.refused("v1");
    refused.refused("v2"); // v1's drop fails: the cycle that refused v2 is not failed by it
    refused.refused("v3");

    assertEquals(List.of("v1", "v2"), tried, "each older one tried once, not again");
    assertEquals(List.of("v3"), refused.keptVersions());
  }

  @Test
  void aNegativeNumberKeptIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RefusedArtifacts(-1, version -> true));
  }
}
