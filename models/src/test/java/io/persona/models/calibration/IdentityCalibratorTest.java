package io.persona.models.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdentityCalibratorTest {

  @Test
  void returnsItsInput() {
    Calibrator identity = new IdentityCalibrator();
    assertEquals(0.0, identity.calibrate(0.0));
    assertEquals(0.37, identity.calibrate(0.37));
    assertEquals(1.0, identity.calibrate(1.0));
  }

  @Test
  void rejectsNonProbabilities() {
    assertThrows(IllegalArgumentException.class, () -> new IdentityCalibrator().calibrate(-0.5));
    assertThrows(
        IllegalArgumentException.class, () -> new IdentityCalibrator().calibrate(Double.NaN));
  }
}
