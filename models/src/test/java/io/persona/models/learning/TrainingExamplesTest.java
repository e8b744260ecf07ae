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
