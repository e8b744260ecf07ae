package io.persona.models.learning;

import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.features.LabeledExamples;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingExamplesTest {
  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());

  private TrainingExample example(String itemId, int label, float base, String fingerprint, int denseWidth) {
    float[] dense = new float[denseWidth];
    for (int c = 0; c < dense.length; c++) {
      dense[c] = base + c;
    }
    long[] sparse = new long[spec.sparseWidth()];
    for (int c = 0; c < sparse.length; c++) {
      sparse[c] = (long) base * 1000 + c;
    }
    return new TrainingExample("r1", "u1", itemId, Instant.EPOCH, 0, "ann", label, 1, false, 0.5, 0.1, 0.1, "v1",
        "champion", fingerprint, dense, sparse);
  }

  @Test
  void asShownMovesEachRowToItsPositionAndChangesNothingElse() {
    TrainingExample logged = example("a", 1, 3, spec.fingerprint(), spec.denseWidth());
    TrainingExample shownFifth = new TrainingExample("r1", "u1", "a", Instant.EPOCH, 4, "ann", 1, 1, false, 0.5, 0.1,
        0.1, "v1", "champion", spec.fingerprint(), logged.dense(), logged.sparse());

    float[] dense = TrainingExamples.asShown(List.of(shownFifth), spec).features().row(0).dense();
    long[] sparse = TrainingExamples.asShown(List.of(shownFifth), spec).features().row(0).sparse();
    int slot = spec.denseColumns().indexOf("slot");
    int contextSlot = spec.sparseColumns().indexOf("context_slot");
    float[] expectedDense = logged.dense().clone();
    long[] expectedSparse = logged.sparse().clone();
    spec.placeAtSlot(expectedDense, 0, expectedSparse, 0, 4);
    assertArrayEquals(expectedDense, dense);
    assertArrayEquals(expectedSparse, sparse);
    for (int c = 0; c < dense.length; c++) {
      if (c != slot) {
        assertEquals(logged.dense()[c], dense[c], "dense column " + spec.denseColumns().get(c) + " is the logged one");
      }
    }
    for (int c = 0; c < sparse.length; c++) {
      if (c != contextSlot) {
        assertEquals(logged.sparse()[c], sparse[c], "sparse column " + spec.sparseColumns().get(c) + " is the logged one");
      }
    }
    assertArrayEquals(logged.dense(), TrainingExamples.toLabeled(List.of(shownFifth), spec).features().row(0).dense(),
        "toLabeled keeps the vector serving scored");
  }

  @Test
  void theBatchHoldsTheLoggedArraysRowByRowWithTheirLabels() {
    TrainingExample a = example("a", 0, 1, spec.fingerprint(), spec.denseWidth());
    TrainingExample b = example("b", 1, 7, spec.fingerprint(), spec.denseWidth());

    LabeledExamples labeled = TrainingExamples.toLabeled(List.of(a, b), spec);

    assertEquals(2, labeled.size());
    assertArrayEquals(new int[] {0, 1}, labeled.labels());
    assertArrayEquals(b.dense(), labeled.features().row(1).dense());
    assertArrayEquals(a.sparse(), labeled.features().row(0).sparse());
    assertEquals("b", labeled.features().key(1));
  }

  @Test
  void examplesOfAnotherSpecAreRefusedNamingBothFingerprints() {
    TrainingExample old = example("a", 0, 1, "0ld5pec", spec.denseWidth());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingExamples.toLabeled(List.of(old), spec));
    assertTrue(e.getMessage().contains("0ld5pec") && e.getMessage().contains(spec.fingerprint()), e.getMessage());
  }

  @Test
  void examplesOfAnotherWidthAreRefused() {
    TrainingExample narrow = example("a", 0, 1, spec.fingerprint(), spec.denseWidth() - 1);
    assertThrows(IllegalArgumentException.class, () -> TrainingExamples.toLabeled(List.of(narrow), spec));
  }

  @Test
  void noExamplesGiveAnEmptyBatch() {
    assertEquals(0, TrainingExamples.toLabeled(List.of(), spec).size());
  }
}
