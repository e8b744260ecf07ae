package io.persona.simulations.quality.served;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceTallyTest {
  private static final double EPS = 1e-12;

  @Test
  void sharesAreSlotsPerSourceOverAllSlotsOfAllLists() {
    SourceTally tally = new SourceTally();
    tally.add(list(List.of("history", "history", "popular", "ann"), List.of(false, false, false, true), "history",
        "h-1"));
    tally.add(list(List.of("history", "popular", "popular", "fresh"), List.of(false, false, true, false), "history",
        "h-2"));
    tally.add(list(List.of(), List.of(), "popularity", "p-1"));

    assertEquals(Map.of("history", 3 / 8.0, "popular", 3 / 8.0, "ann", 1 / 8.0, "fresh", 1 / 8.0),
        tally.sourceShares());
    assertEquals(1.0, tally.sourceShares().values().stream().mapToDouble(Double::doubleValue).sum(), EPS);
    assertEquals(2 / 8.0, tally.exploredShare(), EPS);
    assertEquals(3, tally.lists());
    assertEquals(1, tally.emptyLists());
    assertEquals(8 / 3.0, tally.meanLength(), EPS);
    assertEquals(Map.of("history", 2L, "popularity", 1L), tally.listsByKind());
    assertEquals(Set.of("h-1", "h-2"), tally.versionsByKind().get("history"));
  }

  @Test
  void aServedListIsReadFromTheResponseBody() throws Exception {
    ServedList list = ServedList.of(new ObjectMapper().readTree("""
        {"requestId":"r","userId":"u","servedAt":"2026-12-03T07:00:00Z","modelVersion":"history-1",
         "modelKind":"history","variant":"champion","candidates":120,"items":[
          {"itemId":"85123A","position":1,"title":"T","category":"all","score":0.3,"source":"history","explored":false},
          {"itemId":"22423","position":2,"title":"","category":"all","score":0.1,"source":"popular","explored":true}]}
        """));
    assertEquals(List.of("85123A", "22423"), list.itemIds());
    assertEquals(List.of("history", "popular"), list.sources());
    assertEquals(List.of(false, true), list.explored());
    assertEquals("history", list.modelKind());
    assertEquals("history-1", list.modelVersion());
  }

  private static ServedList list(List<String> sources, List<Boolean> explored, String kind, String version) {
    List<String> items = sources.stream().map(s -> "item-" + s).toList();
    return new ServedList(items, sources, explored, kind, version);
  }
}
