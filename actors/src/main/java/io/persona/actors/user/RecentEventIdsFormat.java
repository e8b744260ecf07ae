package io.persona.actors.user;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import io.persona.actors.serialization.LegacyField;
import io.persona.actors.serialization.StoredFields;
import io.persona.actors.serialization.StoredFormat;
import io.persona.actors.serialization.Upcaster;

/**
 * The stored format of the dedup ring inside every snapshot: the ring itself (slots, next slot,
 * size), so a restored entity forgets exactly the id it would have forgotten. Not a record, so its
 * fields are listed here rather than found by {@code RecordFormat}.
 */
final class RecentEventIdsFormat implements StoredFormat<RecentEventIds> {
  private static final int IDS = 1;
  private static final int FINGERPRINTS = 2;
  private static final int NEXT = 3;
  private static final int SIZE = 4;

  /** Version 1: Kryo's FieldSerializer, fields sorted by name. */
  private static final LegacyField[] LEGACY_LAYOUT = {
      new LegacyField(FINGERPRINTS, long[].class),
      new LegacyField(IDS, String[].class),
      new LegacyField(NEXT, int.class),
      new LegacyField(SIZE, int.class)};

  @Override
  public Class<RecentEventIds> type() {
    return RecentEventIds.class;
  }

  @Override
  public int version() {
    return FIRST_TAGGED_VERSION;
  }

  @Override
  public StoredFields write(RecentEventIds ring) {
    return StoredFields.empty(version())
        .with(IDS, ring.slotIds())
        .with(FINGERPRINTS, ring.slotFingerprints())
        .with(NEXT, ring.nextSlot())
        .with(SIZE, ring.size());
  }

  @Override
  public RecentEventIds read(StoredFields fields) {
    for (int tag : new int[] {IDS, FINGERPRINTS, NEXT, SIZE}) {
      if (!fields.has(tag)) {
        throw new KryoException("a stored RecentEventIds lacks field " + tag + ": " + fields);
      }
    }
    return RecentEventIds.restore((String[]) fields.get(IDS), (long[]) fields.get(FINGERPRINTS),
        (Integer) fields.get(NEXT), (Integer) fields.get(SIZE));
  }

  @Override
  public StoredFields readLegacy(Kryo kryo, Input input) {
    StoredFields fields = StoredFields.empty(FIRST_TAGGED_VERSION);
    for (LegacyField field : LEGACY_LAYOUT) {
      fields = fields.with(field.tag(), field.read(kryo, input));
    }
    return fields;
  }

  @Override
  public Upcaster upcasterFrom(int fromVersion) {
    throw new KryoException("RecentEventIds has had one tagged version; there is nothing to upcast from " + fromVersion);
  }
}
