package io.persona.models.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibratorJsonTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void everyCalibratorRoundTripsThroughJson() throws Exception {
    List<Calibrator> calibrators =
        List.of(
            new IdentityCalibrator(),
            IsotonicCalibrator.fit(
                new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, new int[] {0, 1, 0, 0, 1, 1}),
            new PlattCalibrator(1.7, -0.3));

    for (Calibrator calibrator : calibrators) {
      String json = mapper.writerFor(Calibrator.class).writeValueAsString(calibrator);
      Calibrator read = mapper.readValue(json, Calibrator.class);

      assertEquals(calibrator, read, json);
      for (int step = 0; step <= 100; step++) {
        double p = step / 100.0;
        assertEquals(calibrator.calibrate(p), read.calibrate(p), 0.0, json);
      }
    }
  }

  @Test
  void theKindNamesTheImplementation() throws Exception {
    assertEquals("{\"kind\":\"identity\"}", mapper.writeValueAsString(new IdentityCalibrator()));
    assertEquals(
        "{\"kind\":\"platt\",\"a\":2.0,\"b\":-1.0}",
        mapper.writeValueAsString(new PlattCalibrator(2.0, -1.0)));
    assertEquals(
        "{\"kind\":\"isotonic\",\"thresholds\":[0.1,0.5],\"values\":[0.2,0.4]}",
        mapper.writeValueAsString(
            new IsotonicCalibrator(new double[] {0.1, 0.5}, new double[] {0.2, 0.4})));
  }

  @Test
  void aCalibratorFieldInsideAnArtifactRoundTrips() throws Exception {
    record Artifact(String name, Calibrator calibrator) {}
    Artifact artifact = new Artifact("ctr-v1", new PlattCalibrator(0.9, 0.1));

    Artifact read = mapper.readValue(mapper.writeValueAsString(artifact), Artifact.class);

    assertEquals(artifact, read);
  }

  @Test
  void invalidCalibratorsAreRejectedWhenRead() {
    // decreasing values: the constructor's check runs on deserialization too
    String json = "{\"kind\":\"isotonic\",\"thresholds\":[0.1,0.5],\"values\":[0.4,0.2]}";
    JsonMappingException error =
        assertThrows(JsonMappingException.class, () -> mapper.readValue(json, Calibrator.class));
    assertTrue(error.getMessage().contains("non-decreasing"), error.getMessage());
    assertThrows(
        JsonMappingException.class,
        () -> mapper.readValue("{\"kind\":\"sigmoid\",\"a\":1,\"b\":0}", Calibrator.class));
  }
}
