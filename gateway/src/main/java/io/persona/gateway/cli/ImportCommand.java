package io.persona.gateway.cli;

import io.persona.gateway.imports.CsvColumns;
import io.persona.gateway.imports.ImportFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code persona import events|items FILE}: see the usage text below (and README, "Importing a
 * history").
 */
@Command(name = "persona import", mixinStandardHelpOptions = true,
    description = "Imports a history into a running Persona node through its bulk endpoints "
        + "(POST /v1/import/events, /v1/import/items).",
    subcommands = {ImportCommand.Events.class, ImportCommand.Items.class})
public final class ImportCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  /** The options both kinds share. */
  abstract static class FileImport implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "NDJSON or CSV (with a header row); gzip if it ends in .gz")
    Path file;

    @Option(names = "--format", paramLabel = "ndjson|csv",
        description = "the file's format (default: from its name: .csv is CSV; .ndjson, .jsonl, .json NDJSON)")
    String format;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "the node (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--key", paramLabel = "API_KEY",
        description = "a producer key with scope events:write (events) or items:write (items); default: "
            + "PERSONA_API_KEY, else the local profile's development key (data/development-key)")
    String key;

    @Option(names = "--chunk", defaultValue = "5000", description = "lines per request (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--parallel", defaultValue = "4", description = "requests in flight (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--on-error", defaultValue = "fail", paramLabel = "skip|fail",
        description = "fail (default): stop at the first chunk with a bad line, recording nothing of that chunk, "
            + "and list its bad lines; skip: record the good lines and list the bad ones")
    String onError;

    @Option(names = "--restart", description = "ignore (and delete) the checkpoint: import from the first line")
    boolean restart;

    @Option(names = "--max-attempts", defaultValue = "10",
        description = "tries per chunk while the node answers 503 or cannot be reached (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--max-chunks", defaultValue = "0", hidden = true,
        description = "stop after sending this many chunks, as if stopped there (trial runs, tests)")
    long maxChunks;

    abstract CsvColumns.Kind kind();

    @Override
    public Integer call() throws Exception {
      ImportFormat chosen = format == null
          ? ImportFormat.ofFileName(file.getFileName().toString()).orElseThrow(() ->
              new CommandLine.ParameterException(new CommandLine(this), "cannot tell the format from the name "
                  + file.getFileName() + "; pass --format ndjson or --format csv"))
          : ImportFormat.parse(format).orElseThrow(() ->
              new CommandLine.ParameterException(new CommandLine(this), "--format must be ndjson or csv"));
      if (!onError.equals("skip") && !onError.equals("fail")) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--on-error must be skip or fail");
      }
      if (chunk < 1 || parallel < 1 || maxAttempts < 1) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--chunk, --parallel and --max-attempts must be positive");
      }
      ImportJob.Summary summary = new ImportJob(new ImportJob.Options(file, chosen, kind(), url, chunk, parallel,
          onError, restart, maxAttempts, maxChunks, ApiKeyOption.resolve(key)), System.err).run();
      System.out.println(describe(summary));
      return summary.complete() ? 0 : 1;
    }

    private String describe(ImportJob.Summary s) {
      String counts = kind() == CsvColumns.Kind.EVENTS
          ? String.format(Locale.ROOT, "%,d accepted, %,d duplicates, %,d rejected, %,d skipped",
              s.accepted(), s.duplicates(), s.rejected(), s.skipped())
          : String.format(Locale.ROOT, "%,d upserted, %,d skipped", s.upserted(), s.skipped());
      long lines = s.accepted() + s.duplicates() + s.rejected() + s.upserted() + s.skipped();
      String state = s.complete() ? "done" : s.refused()
          ? "stopped: a chunk was refused (fix the lines above and run again: it resumes from the checkpoint)"
          : "stopped before the end (run again to resume from the checkpoint)";
      return String.format(Locale.ROOT, "%s in %.1f s (%,.0f lines/s): %s", state, s.seconds(),
          lines / Math.max(1e-3, s.seconds()), counts);
    }
  }

  @Command(name = "events", mixinStandardHelpOptions = true,
      description = {
          "Imports events: NDJSON objects as POST /v1/events takes them, or CSV with the columns "
              + "userId,type,itemId,timestamp and optionally eventId,value. Without an eventId column each "
              + "row gets a derived id (its content plus how many identical rows came before it in the file), "
              + "so re-importing the same file records nothing twice.",
          "",
          "Resumable: FILE.import-progress records the last line below which every chunk was acknowledged; a "
              + "re-run resumes there. Chunks after it that were recorded before a crash are sent again and come "
              + "back as duplicates: each user's entity remembers its newest persona.users.dedup-window event ids "
              + "(500 by default), so this is exact as long as no user has more than that many events within "
              + "chunk x parallel consecutive lines (the default 5000 x 4 = 20,000 lines). For a history with "
              + "very active users use a smaller chunk or parallelism, or raise the window on the nodes."})
  static final class Events extends FileImport {
    @Override
    CsvColumns.Kind kind() {
      return CsvColumns.Kind.EVENTS;
    }
  }

  @Command(name = "items", mixinStandardHelpOptions = true,
      description = "Imports (upserts) catalog items: NDJSON objects as POST /v1/items takes them, or CSV with the "
          + "columns itemId,category and optionally title,tags (separated by |),created. Import items before events: "
          + "an event records its item's category as the catalog has it then.")
  static final class Items extends FileImport {
    @Override
    CsvColumns.Kind kind() {
      return CsvColumns.Kind.ITEMS;
    }
  }

  /** Runs the command; the exit status is 0 when the whole file was imported. */
  public static int execute(String... args) {
    return new CommandLine(new ImportCommand()).execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
