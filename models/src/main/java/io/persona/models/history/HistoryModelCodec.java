package io.persona.models.history;

import io.persona.models.retrieval.CoOccurrencePairing;
import io.persona.models.retrieval.ItemCoOccurrence;
import io.persona.models.retrieval.ScoredItem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The stored bytes of a {@link HistoryModel}: a format version, then the header, the popularity
 * table and every item's neighbour list, deflated. A reader refuses a format it does not know
 * instead of misreading it; a new format adds a reader beside the old ones.
 *
 * <p>A format-4 model whose measurement also chose how co-occurrence pairs items ends with a
 * trailer after the neighbour lists: a flag, then window, damping and the backward share, then
 * (since the pair half-life is searched too) a flag and the pair half-life in milliseconds, −1 for
 * "never fades". Readers of the release before the trailer stop at the neighbour lists and never
 * see it, which is right: serving reads the neighbours, not how they were paired, so every node
 * serves such a model the same (a rolling upgrade); a newer reader takes the end of the stream as
 * "paired as configured". Readers of the release before the half-life stop after the backward share
 * (they refit later models with the configured half-life); this reader takes a trailer that ends
 * there as "the configured half-life".
 *
 * <p>Format 4 adds, after the blend's figures, the source settings the blend chose (a flag, then
 * seeds, seed decay and popularity's half-life in milliseconds); it is written only when the blend
 * chose them, else format 3, which the previous release reads (a rolling upgrade). Format 3 stored
 * the retrieval blend after the header with five weights per seen mode and no source settings
 * (read as the configured ones); format 2 stored four weights (no trending share, read as 0); a format-1 model (stored
 * before blends were measured) is read with {@link RetrievalBlend#DEFAULT}.
 */
public final class HistoryModelCodec {
  static final int FORMAT = 4;
  private static final int FORMAT_WITHOUT_SOURCES = 3;
  private static final int FORMAT_FOUR_WEIGHTS = 2;
  private static final int FORMAT_WITHOUT_BLEND = 1;
  /** The stored pair half-life of pairs that never fade. */
  private static final long NEVER_FADES = -1;

  private HistoryModelCodec() {}

  public static byte[] encode(HistoryModel model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
      // without chosen source settings, the format the previous release reads: a node not yet
      // upgraded in a rolling upgrade keeps loading new models
      boolean withSources = model.blend().sources() != null;
      out.writeInt(withSources ? FORMAT : FORMAT_WITHOUT_SOURCES);
      out.writeUTF(model.version());
      out.writeLong(model.trainedAt().toEpochMilli());
      out.writeLong(model.interactions());
      writeBlend(out, model.blend(), withSources);
      out.writeInt(model.popularity().size());
      for (ScoredItem item : model.popularFirst()) {
        out.writeUTF(item.itemId());
        out.writeDouble(item.score());
      }
      Map<String, List<ScoredItem>> neighbours = model.coOccurrence().neighbourLists();
      out.writeInt(neighbours.size());
      for (Map.Entry<String, List<ScoredItem>> entry : neighbours.entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeInt(entry.getValue().size());
        for (ScoredItem neighbour : entry.getValue()) {
          out.writeUTF(neighbour.itemId());
          out.writeDouble(neighbour.score());
        }
      }
      CoOccurrencePairing pairing = withSources ? model.blend().sources().coOccurrence() : null;
      if (pairing != null) {
        out.writeBoolean(true);
        out.writeInt(pairing.window());
        out.writeDouble(pairing.damping());
        out.writeDouble(pairing.backward());
        out.writeBoolean(pairing.halfLifeChosen());
        if (pairing.halfLifeChosen()) {
          out.writeLong(pairing.halfLife() == null ? NEVER_FADES : pairing.halfLife().toMillis());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static HistoryModel decode(byte[] stored) {
    try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(stored)))) {
      int format = in.readInt();
      if (format != FORMAT && format != FORMAT_WITHOUT_SOURCES && format != FORMAT_FOUR_WEIGHTS
          && format != FORMAT_WITHOUT_BLEND) {
        throw new IllegalArgumentException("history model format " + format + " is not known to this version");
      }
      String version = in.readUTF();
      Instant trainedAt = Instant.ofEpochMilli(in.readLong());
      long interactions = in.readLong();
      RetrievalBlend blend = format == FORMAT_WITHOUT_BLEND ? RetrievalBlend.DEFAULT
          : readBlend(in, format >= FORMAT_WITHOUT_SOURCES, format >= FORMAT);
      int items = in.readInt();
      Map<String, Double> popularity = new LinkedHashMap<>();
      for (int i = 0; i < items; i++) {
        popularity.put(in.readUTF(), in.readDouble());
      }
      int seeds = in.readInt();
      Map<String, List<ScoredItem>> neighbours = new LinkedHashMap<>();
      for (int i = 0; i < seeds; i++) {
        String seed = in.readUTF();
        int count = in.readInt();
        List<ScoredItem> list = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
          list.add(new ScoredItem(in.readUTF(), in.readDouble()));
        }
        neighbours.put(seed, list);
      }
      if (format == FORMAT && blend.sources() != null) {
        CoOccurrencePairing pairing = readPairing(in);
        if (pairing != null) {
          blend = new RetrievalBlend(blend.exclude(), blend.include(), blend.excludeHitRate(), blend.includeHitRate(),
              blend.users(), blend.sources().withCoOccurrence(pairing));
        }
      }
      return HistoryModel.of(version, trainedAt, interactions, ItemCoOccurrence.of(neighbours), popularity, blend);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a stored history model: " + e.getMessage(), e);
    }
  }

  private static void writeBlend(DataOutputStream out, RetrievalBlend blend, boolean withSources) throws IOException {
    writeWeights(out, blend.exclude());
    writeWeights(out, blend.include());
    out.writeDouble(blend.excludeHitRate());
    out.writeDouble(blend.includeHitRate());
    out.writeInt(blend.users());
    SourceSettings sources = blend.sources();
    if (withSources) {
      out.writeBoolean(true);
      out.writeInt(sources.seeds());
      out.writeDouble(sources.seedDecay());
      out.writeLong(sources.popularityHalfLife().toMillis());
    }
  }

  private static RetrievalBlend readBlend(DataInputStream in, boolean withTrending, boolean withSources)
      throws IOException {
    SourceWeights exclude = readWeights(in, withTrending);
    SourceWeights include = readWeights(in, withTrending);
    double excludeHitRate = in.readDouble();
    double includeHitRate = in.readDouble();
    int users = in.readInt();
    SourceSettings sources = withSources && in.readBoolean()
        ? new SourceSettings(in.readInt(), in.readDouble(), Duration.ofMillis(in.readLong())) : null;
    return new RetrievalBlend(exclude, include, excludeHitRate, includeHitRate, users, sources);
  }

  /** The optional trailer of a format-4 model: how co-occurrence paired items, or null (the end of the stream). */
  private static CoOccurrencePairing readPairing(DataInputStream in) throws IOException {
    try {
      if (!in.readBoolean()) {
        return null;
      }
    } catch (EOFException e) {
      return null;
    }
    CoOccurrencePairing pairing = new CoOccurrencePairing(in.readInt(), in.readDouble(), in.readDouble());
    try {
      if (!in.readBoolean()) {
        return pairing;
      }
    } catch (EOFException e) { // written before the half-life was searched
      return pairing;
    }
    long halfLifeMillis = in.readLong();
    return pairing.withHalfLife(halfLifeMillis == NEVER_FADES ? null : Duration.ofMillis(halfLifeMillis));
  }

  private static void writeWeights(DataOutputStream out, SourceWeights w) throws IOException {
    out.writeDouble(w.coOccurrence());
    out.writeDouble(w.repeat());
    out.writeDouble(w.popularity());
    out.writeDouble(w.als());
    out.writeDouble(w.trending());
  }

  private static SourceWeights readWeights(DataInputStream in, boolean withTrending) throws IOException {
    return new SourceWeights(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
        withTrending ? in.readDouble() : 0);
  }
}
