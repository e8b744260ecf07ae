package io.persona.models.ranking.training;

/**
 * How a ranker is fitted from time-ordered examples: the newest {@code calibrationShare} is held
 * out to fit the calibration map, the {@code validationShare} before it drives early stopping, the
 * rest trains.
 *
 * @param negativeRate     share of training negatives kept (w); 1 keeps all
 * @param downsamplingSeed decides which negatives are kept, reproducibly
 */
public record FittingSettings(double negativeRate, long downsamplingSeed, CalibrationMethod calibration,
                              double validationShare, double calibrationShare, TrainingSettings training) {

  public FittingSettings {
    if (!(negativeRate > 0 && negativeRate <= 1)) {
      throw new IllegalArgumentException("negativeRate must be in (0, 1], was " + negativeRate);
    }
    if (!(validationShare > 0 && calibrationShare > 0 && validationShare + calibrationShare < 1)) {
      throw new IllegalArgumentException("validation and calibration shares must be positive and leave data to train on");
    }
  }

  public static FittingSettings defaults() {
    return new FittingSettings(1.0, 11, CalibrationMethod.ISOTONIC, 0.1, 0.2, TrainingSettings.defaults());
  }

  public FittingSettings withNegativeRate(double rate) {
    return new FittingSettings(rate, downsamplingSeed, calibration, validationShare, calibrationShare, training);
  }

  public FittingSettings withCalibration(CalibrationMethod method) {
    return new FittingSettings(negativeRate, downsamplingSeed, method, validationShare, calibrationShare, training);
  }

  public FittingSettings withTraining(TrainingSettings newTraining) {
    return new FittingSettings(negativeRate, downsamplingSeed, calibration, validationShare, calibrationShare, newTraining);
  }
}
