package io.persona.gateway.cli;

import io.persona.gateway.cli.ImportClient.BodyProblem;
import io.persona.gateway.cli.ImportClient.Recorded;
import io.persona.gateway.cli.ImportClient.Refused;
import io.persona.gateway.imports.CsvColumns;
import io.persona.gateway.imports.DerivedEventIds;
import io.persona.gateway.imports.ImportFormat;
import io.persona.gateway.imports.ImportLine;
import io.persona.gateway.imports.ImportLineReader;
import io.persona.gateway.json.Json;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

/**
 * One import of a file: reads it line by line (gzip when it ends in .gz), skips the lines a
 * previous run's checkpoint covers, posts chunks of {@code chunk} lines as NDJSON with at most
 * {@code parallel} chunks in flight, and advances the checkpoint past every chunk once it and all
 * chunks before it are acknowledged. Memory is bounded by {@code parallel + 1} chunks (plus, for
 * CSV events without an eventId column, one entry per distinct row for the derived ids).
 */
final class ImportJob {
  /**
   * @param maxChunks stop after sending this many chunks (0: the whole file), as if the command
   *                  were stopped there; for tests and trial runs
   */
  record Options(Path file, ImportFormat format, CsvColumns.Kind kind, String url, int chunk, int parallel,
                 String onError, boolean restart, int maxAttempts, long maxChunks, String apiKey) {
    @Override
    public String toString() {
      return "Options[file=" + file + ", url=" + url + "]"; // never the key
    }
  }

  /** What a run did; {@code complete} when the whole file is acknowledged. */
  record Summary(long accepted, long duplicates, long rejected, long upserted, long skipped, long problems,
                 boolean complete, boolean refused, double seconds) {}

  /** A chunk: its NDJSON body, the file line of each body line, and the last file line it covers. */
  private record Chunk(long seq, byte[] body, long[] fileLines, long throughLine) {}

  private static final int MAX_PRINTED_PROBLEMS = 100;

  private final Options options;
  private final PrintStream err;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong upserted = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong problems = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean refused;
  private final TreeMap<Long, Long> acknowledged = new TreeMap<>();
  private long nextToCheckpoint;

  ImportJob(Options options, PrintStream err) {
    this.options = options;
    this.err = err;
  }

  Summary run() throws IOException, InterruptedException {
    Path file = options.file();
    long size = Files.size(file);
    Checkpoint checkpoint = new Checkpoint(file, size);
    if (options.restart()) {
      checkpoint.delete();
    }
    OptionalLong resume = checkpoint.load();
    long skipThrough = resume.orElse(0);
    if (resume.isPresent()) {
      err.println("Resuming after line " + skipThrough + " (" + checkpoint.path() + ")");
    }
    String what = options.kind() == CsvColumns.Kind.EVENTS ? "events" : "items";
    ImportClient client = new ImportClient(options.url(), "/v1/import/" + what, options.onError(),
        options.maxAttempts(), java.time.Duration.ofMinutes(5), options.apiKey());
    Progress progress = new Progress(err, what, size);
    ExecutorService senders = Executors.newFixedThreadPool(options.parallel(), runnable -> {
      Thread thread = new Thread(runnable, "persona-import-sender");
      thread.setDaemon(true);
      return thread;
    });
    Semaphore inFlight = new Semaphore(options.parallel());
    AtomicLong bytesRead = new AtomicLong();
    boolean wholeFile = false;
    try (InputStream raw = counting(Files.newInputStream(file), bytesRead);
         BufferedReader in = new BufferedReader(new InputStreamReader(
             file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, StandardCharsets.UTF_8),
             1 << 16)) {
      ImportLineReader reader;
      try {
        reader = new ImportLineReader(in, options.format(), options.kind(), new DerivedEventIds());
      } catch (CsvColumns.BadHeaderException e) {
        throw new ImportClient.ImportFailedException(e.getMessage());
      }
      long seq = 0;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      List<Long> lines = new ArrayList<>(options.chunk());
      long lastLine = skipThrough;
      nextToCheckpoint = 0;
      while (failure.get() == null && !refused) {
        ImportLine line = reader.next();
        if (line != null && line.line() <= skipThrough) {
          continue;
        }
        if (line != null) {
          lastLine = line.line();
          if (!line.readable()) {
            problem(line.line(), options.onError().equals("fail") ? "refused" : "skipped", line.unreadable());
            if (options.onError().equals("fail")) {
              refused = true;
              break;
            }
            skipped.incrementAndGet();
            done.incrementAndGet();
            continue;
          }
          body.write(Json.MAPPER.writeValueAsBytes(line.object()));
          body.write('\n');
          lines.add(line.line());
        }
        if (lines.size() >= options.chunk() || (line == null && (!lines.isEmpty() || lastLine > skipThrough))) {
          Chunk chunk = new Chunk(seq++, body.toByteArray(), lines.stream().mapToLong(Long::longValue).toArray(),
              lastLine);
          body.reset();
          lines.clear();
          inFlight.acquire();
          senders.execute(() -> {
            try {
              send(client, chunk, checkpoint);
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            } finally {
              inFlight.release();
              progress.update(done.get(), bytesRead.get(), false);
            }
          });
          if (options.maxChunks() > 0 && seq >= options.maxChunks()) {
            break;
          }
        }
        if (line == null) {
          wholeFile = true;
          break;
        }
      }
      inFlight.acquire(options.parallel()); // every chunk answered
    } finally {
      senders.shutdownNow();
      senders.awaitTermination(10, TimeUnit.SECONDS);
    }
    progress.update(done.get(), bytesRead.get(), true);
    progress.finish();
    Throwable failed = failure.get();
    if (failed instanceof IOException io) {
      throw io;
    }
    if (failed != null) {
      throw new IOException(failed);
    }
    boolean complete = wholeFile && !refused;
    if (complete) {
      checkpoint.delete();
    }
    return new Summary(accepted.get(), duplicates.get(), rejected.get(), upserted.get(), skipped.get(),
        problems.get(), complete, refused, progress.elapsedSeconds());
  }

  private void send(ImportClient client, Chunk chunk, Checkpoint checkpoint) throws IOException, InterruptedException {
    ImportClient.Reply reply = chunk.body().length == 0
        ? new Recorded(0, 0, 0, 0, 0, List.of())
        : client.post(chunk.body());
    if (reply instanceof Refused refusal) {
      refused = true;
      err.println();
      err.println("The node refused a chunk (nothing of it was recorded): " + refusal.detail());
      for (BodyProblem problem : refusal.problems()) {
        problem(chunk.fileLines()[(int) problem.bodyLine() - 1], "refused", problem.reason());
      }
      return;
    }
    Recorded recorded = (Recorded) reply;
    accepted.addAndGet(recorded.accepted());
    duplicates.addAndGet(recorded.duplicates());
    rejected.addAndGet(recorded.rejected());
    upserted.addAndGet(recorded.upserted());
    skipped.addAndGet(recorded.skipped());
    done.addAndGet(chunk.fileLines().length);
    for (BodyProblem problem : recorded.problems()) {
      problem(chunk.fileLines()[(int) problem.bodyLine() - 1], problem.outcome(), problem.reason());
    }
    acknowledge(chunk, checkpoint);
  }

  /** Chunk {@code seq} is acknowledged: the checkpoint moves past every chunk acknowledged without a gap. */
  private synchronized void acknowledge(Chunk chunk, Checkpoint checkpoint) throws IOException {
    acknowledged.put(chunk.seq(), chunk.throughLine());
    Long through = null;
    while (acknowledged.containsKey(nextToCheckpoint)) {
      through = acknowledged.remove(nextToCheckpoint);
      nextToCheckpoint++;
    }
    if (through != null) {
      checkpoint.save(through);
    }
  }

  private void problem(long fileLine, String outcome, String reason) {
    long count = problems.incrementAndGet();
    if (count <= MAX_PRINTED_PROBLEMS) {
      synchronized (err) {
        err.println("\nline " + fileLine + " (" + outcome + "): " + reason);
      }
    } else if (count == MAX_PRINTED_PROBLEMS + 1) {
      err.println("\n(more problems are counted, not printed)");
    }
  }

  private static InputStream counting(InputStream in, AtomicLong count) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          count.addAndGet(n);
        }
        return n;
      }
    };
  }
}
