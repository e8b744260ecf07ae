package io.persona.models.artifact;

import io.persona.models.calibration.PlattCalibrator;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.Scores;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.network.LogisticArchitecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.features.LabeledExamples;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.ranking.training.TrainingSettings;
import io.persona.models.synthetic.SyntheticWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelArtifactTest {
  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());
  private LabeledExamples examples;
  private ModelArtifact model;

  @BeforeAll
  void train() throws Exception {
    SyntheticWorld world = new SyntheticWorld(
        new SyntheticWorld.Settings(300, 100, 6, 16, 1.2, 1.5, -2.0, 5), ProfileSettings.defaults());
    examples = SyntheticWorld.encode(spec, world.sample(6_000, 3));
    FittingSettings settings = new FittingSettings(0.5, 3, io.persona.models.ranking.training.CalibrationMethod.PLATT,
        0.1, 0.2, new TrainingSettings(128, 2, 1, 0.002f, 0.3f, 1));
    model = new RankerFitting(spec, settings).fitNetwork(DcnV2Architecture.defaults(), examples, ModelLineage.fresh("v1"));
  }

  private double[] scores(ModelArtifact artifact, FeatureBatch batch) {
    try (Ranker ranker = Rankers.load(artifact, spec)) {
      return ranker.score(batch).calibrated();
    }
  }

  @Test
  void anArtifactCarriesEverythingNeededToServeIt() {
    ModelMetadata m = model.metadata();
    assertEquals("v1", m.version());
    assertEquals("dcn-v2", m.kind());
    assertEquals(DcnV2Architecture.defaults(), m.architecture());
    assertEquals(spec.fingerprint(), m.featureFingerprint());
    assertEquals(spec.denseColumns(), m.denseColumns());
    assertEquals(0.5, m.downsamplingRate());
    assertTrue(m.calibrator() instanceof PlattCalibrator);
    assertTrue(m.metrics().containsKey("calibration_slice.auc"));
    assertTrue(m.metrics().containsKey("train.examples_per_second"));
    assertNull(m.parentVersion());
  }

  @Test
  void savedAndLoadedAsOneUnitItScoresIdentically(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models/v1.model");
    model.writeTo(file);
    ModelArtifact loaded = ModelArtifact.readFrom(file);

    assertEquals(model, loaded);
    FeatureBatch batch = examples.features().slice(0, 500);
    assertArrayEquals(scores(model, batch), scores(loaded, batch));
    assertArrayEquals(scores(model, batch), scores(ModelArtifact.fromBytes(model.toBytes()), batch));
  }

  @Test
  void scoresAtEachStageAreConsistent() {
    try (Ranker ranker = Rankers.load(model, spec)) {
      Scores s = ranker.score(examples.features().slice(0, 200));
      assertEquals(200, s.size());
      for (int i = 0; i < s.size(); i++) {
        assertTrue(s.raw()[i] > 0 && s.raw()[i] < 1);
        assertTrue(s.corrected()[i] <= s.raw()[i], "kept half the negatives: corrected <= raw");
        assertEquals(s.raw()[i] / (s.raw()[i] + (1 - s.raw()[i]) / 0.5), s.corrected()[i], 1e-12);
      }
    }
  }

  @Test
  void aCorruptedParameterFileIsRefused() throws Exception {
    byte[] bytes = model.toBytes();
    ModelArtifact ok = ModelArtifact.fromBytes(bytes);
    byte[] parameters = ok.parameters();
    parameters[parameters.length / 2] ^= 0x5a;
    InvalidArtifactException e = assertThrows(InvalidArtifactException.class,
        () -> new ModelArtifact(ok.metadata(), parameters));
    assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
  }

  @Test
  void truncatedOrForeignBytesAreRefusedWithAClearMessage() {
    byte[] bytes = model.toBytes();
    InvalidArtifactException truncated = assertThrows(InvalidArtifactException.class,
        () -> ModelArtifact.fromBytes(Arrays.copyOf(bytes, bytes.length / 3)));
    assertTrue(truncated.getMessage().contains("artifact"), truncated.getMessage());

    InvalidArtifactException foreign = assertThrows(InvalidArtifactException.class,
        () -> ModelArtifact.fromBytes("{\"not\": \"a model\"}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(foreign.getMessage().contains("not a model artifact"), foreign.getMessage());
  }

  @Test
  void unknownFormatsAndBrokenMetadataAreRefused() throws Exception {
    String json = ArtifactJson.MAPPER.writeValueAsString(model.metadata());
    byte[] future = zip(json.replace("\"format\" : 1", "\"format\" : 99"), model.parameters());
    assertTrue(assertThrows(InvalidArtifactException.class, () -> ModelArtifact.fromBytes(future))
        .getMessage().contains("format 99"));

    byte[] broken = zip(json.replace("\"kind\" : \"dcn-v2\"", "\"kind\" : 12, \"oops\""), model.parameters());
    assertTrue(assertThrows(InvalidArtifactException.class, () -> ModelArtifact.fromBytes(broken))
        .getMessage().contains("metadata is not valid"));
  }

  @Test
  void parametersThatDoNotFitTheArchitectureAreRefused() throws Exception {
    ModelMetadata m = model.metadata();
    ModelMetadata mislabelled = new ModelMetadata(m.format(), "mislabelled", "logistic", new LogisticArchitecture(),
        m.featureSpec(), m.featureFingerprint(), m.denseColumns(), m.sparseColumns(), m.createdAt(), null,
        null, null, 0, 1.0, m.calibrator(), Map.of(), null);
    ModelArtifact wrong = new ModelArtifact(mislabelled, model.parameters());
    InvalidArtifactException e = assertThrows(InvalidArtifactException.class, () -> Rankers.load(wrong, spec));
    assertTrue(e.getMessage().contains("cannot be loaded"), e.getMessage());
  }

  @Test
  void aModelTrainedWithOtherFeaturesIsRefused() {
    FeatureSpec other = StandardFeatures.spec(
        new StandardFeatures.Settings(16, 1 << 18, List.of("locale"), 0.01, 100), ProfileSettings.defaults());
    assertNotEquals(spec.fingerprint(), other.fingerprint());
    IncompatibleModelException e = assertThrows(IncompatibleModelException.class, () -> Rankers.load(model, other));
    assertTrue(e.getMessage().contains(spec.fingerprint()) && e.getMessage().contains(other.fingerprint()), e.getMessage());
  }

  private static byte[] zip(String metadata, byte[] parameters) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      zip.putNextEntry(new java.util.zip.ZipEntry("metadata.json"));
      zip.write(metadata.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new java.util.zip.ZipEntry("parameters.bin"));
      zip.write(parameters);
    }
    return out.toByteArray();
  }
}
