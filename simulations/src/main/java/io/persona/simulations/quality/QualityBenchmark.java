package io.persona.simulations.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The offline part of the quality benchmark on real data: reads a history, cuts it by each
 * protocol (leave-last-out, temporal next basket, temporal all later items), tunes every method on
 * a validation split carved from the training part, scores it once on the test over the full
 * catalog, and prints and writes the table (JSON and Markdown). Options: {@link QualityOptions}.
 * Run it with {@code simulations/bench-quality-offline}.
 */
public final class QualityBenchmark {
  private QualityBenchmark() {}

  public static void main(String[] args) throws IOException {
    QualityOptions options = QualityOptions.parse(args);
    long started = System.nanoTime();
    String startedAt = Instant.now().toString();
    EventFile file = options.read();
    if (file.skippedRows() > 0) {
      System.out.printf("%d rows skipped, e.g. %s%n", file.skippedRows(), file.firstErrors());
    }
    Interactions data = Interactions.of(file.events(), EventWeights.DEFAULT);
    System.out.printf("%s: %d events, %d users, %d items%n", options.data(), data.all().events(),
        data.all().users(), data.all().catalogSize());
    Fits fits = new Fits();
    List<ProtocolRun> runs = new ArrayList<>();
    List<Protocol> protocols = Stream.<Protocol>of(new LeaveLastOut(),
            new TemporalSplit(options.quantile(), TemporalSplit.Relevance.NEXT),
            new TemporalSplit(options.quantile(), TemporalSplit.Relevance.ALL))
        .filter(p -> options.protocols().contains(p.name())).toList();
    long lastTraining = 0;
    for (Protocol protocol : protocols) {
      long training = protocol.split(data.all()).train().fingerprint();
      if (training != lastTraining) {
        fits.clear(); // what was trained on another training set is of no further use
        lastTraining = training;
      }
      runs.add(new ProtocolRun(protocol, data.all(), options.testUsers(), options.validationUsers(),
          options.exactAls(), fits, System.out).run());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    QualityReport report = new QualityReport(options, file, data, runs, startedAt, seconds);
    String table = report.markdown();
    System.out.println();
    System.out.println(table);
    Path out = options.out();
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    QualityReport.MAPPER.writeValue(out.toFile(), report.json());
    Path markdown = out.resolveSibling(out.getFileName().toString().replaceAll("\\.json$", "") + ".md");
    Files.writeString(markdown, table);
    System.out.printf("Wrote %s and %s (%.0f s)%n", out, markdown, seconds);
  }
}
