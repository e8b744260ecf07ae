package io.persona.models.history;

import io.persona.models.retrieval.ItemCoOccurrence;
import io.persona.models.retrieval.ScoredItem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * instead of misreading it; a new format adds a reader beside this one.
 */
public final class HistoryModelCodec {
  static final int FORMAT = 1;

  private HistoryModelCodec() {}

  public static byte[] encode(HistoryModel model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
      out.writeInt(FORMAT);
      out.writeUTF(model.version());
      out.writeLong(model.trainedAt().toEpochMilli());
      out.writeLong(model.interactions());
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static HistoryModel decode(byte[] stored) {
    try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(stored)))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException("history model format " + format + " is not known to this version");
      }
      String version = in.readUTF();
      Instant trainedAt = Instant.ofEpochMilli(in.readLong());
      long interactions = in.readLong();
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
      return HistoryModel.of(version, trainedAt, interactions, ItemCoOccurrence.of(neighbours), popularity);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a stored history model: " + e.getMessage(), e);
    }
  }
}
