package io.persona.simulations.ranking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.persona.models.evaluation.Evaluation;
import io.persona.models.evaluation.obd.ObdComparison;
import io.persona.models.ranking.training.CalibrationMethod;
import io.persona.models.ranking.training.FittingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DCN vs logistic regression vs popularity on the Open Bandit sample (time-ordered split), with
 * calibration before and after. Writes simulations/results/obd-comparison.json.
 */
public final class ObdReport {
  private ObdReport() {}

  public static void main(String[] args) throws Exception {
    Path data = Paths.get(args.length > 0 ? args[0] : "models/src/test/resources/obd");
    double negativeRate = Double.parseDouble(System.getProperty("bench.negative-rate", "0.2"));
    CalibrationMethod method = CalibrationMethod.valueOf(System.getProperty("bench.calibration", "PLATT"));
    FittingSettings settings = FittingSettings.defaults().withNegativeRate(negativeRate).withCalibration(method);
    ObdComparison.Result result = ObdComparison.run(data, settings, 0.2);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "obd-comparison");
    json.put("measuredAt", Instant.now().toString());
    json.put("data", "Open Bandit Dataset small sample: random + bts, men + women (40,000 impressions)");
    json.put("split", "time-ordered: oldest 80% fit (of it, newest 20% calibration, 10% early stopping), newest 20% test");
    json.put("negativeRate", negativeRate);
    json.put("calibration", method.name());
    json.put("train", Map.of("examples", result.trainExamples(), "clicks", result.trainClicks()));
    json.put("test", Map.of("examples", result.testExamples(), "clicks", result.testClicks()));
    Map<String, Object> models = new LinkedHashMap<>();
    for (Map.Entry<String, Evaluation> e : result.byModel().entrySet()) {
      Evaluation v = e.getValue();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("auc", r(v.auc()));
      m.put("aucStandardError", r(hanleyMcNeil(v.auc(), v.positives(), v.examples() - v.positives())));
      m.put("normalizedEntropyBeforeCalibration", r(v.normalizedEntropyBeforeCalibration()));
      m.put("normalizedEntropyAfterCalibration", r(v.normalizedEntropy()));
      m.put("eceBeforeCalibration", r(v.eceBeforeCalibration()));
      m.put("eceAfterCalibration", r(v.eceAfterCalibration()));
      m.put("meanPrediction", r(v.meanPrediction()));
      models.put(e.getKey(), m);
      System.out.println(e.getKey() + " " + m);
    }
    json.put("models", models);
    json.put("observedTestClickRate", r(result.testClicks() / (double) result.testExamples()));
    Path out = Paths.get("simulations/results/obd-comparison.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  /** Standard error of an AUC (Hanley and McNeil, 1982): how much of a difference is noise. */
  static double hanleyMcNeil(double auc, long positives, long negatives) {
    double q1 = auc / (2 - auc);
    double q2 = 2 * auc * auc / (1 + auc);
    double variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
        / ((double) positives * negatives);
    return Math.sqrt(variance);
  }

  private static double r(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
