package io.persona.models.calibration;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Maps a model's predicted probability to a calibrated one. Ranking only needs the order of scores,
 * but anything that multiplies or thresholds them (bids, blending models, "show only if p > x")
 * needs the numbers themselves to be right, and trained models rarely are: downsampling,
 * regularization and distribution drift all bend them.
 *
 * <p>Every implementation is monotone non-decreasing, so calibrating never changes a ranking. The
 * interface is sealed and carries its JSON type id in {@code "kind"} so a calibrator can be stored
 * inside a model artifact and read back with a plain {@code ObjectMapper}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = IdentityCalibrator.class, name = "identity"),
  @JsonSubTypes.Type(value = IsotonicCalibrator.class, name = "isotonic"),
  @JsonSubTypes.Type(value = PlattCalibrator.class, name = "platt")
})
public sealed interface Calibrator permits IdentityCalibrator, IsotonicCalibrator, PlattCalibrator {

  /**
   * @param p a predicted probability in [0, 1]
   * @return the calibrated probability, in [0, 1]
   * @throws IllegalArgumentException if {@code p} is NaN or outside [0, 1]
   */
  double calibrate(double p);
}
