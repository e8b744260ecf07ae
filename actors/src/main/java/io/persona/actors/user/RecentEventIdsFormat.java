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
 *
 * <p>Version 2 stored the ids as strings (tag 1, retired); version 3 stores their hashes (tag 5),
 * as the ring holds them since, and reads version 1 and 2 rings by hashing their ids. A release
 * before version 3 cannot read a version-3 snapshot (it says so and the entity does not start), so
 * going back to one means deleting the snapshots written since: the journal rebuilds them.
 */
final class RecentEventIdsFormat implements StoredFormat<RecentEventIds> {
  /** Version 2's id strings; retired by version 3. */
  private static final int IDS = 1;
  private static final int FINGERPRINTS = 2;
  private static final int NEXT = 3;
  private static final int SIZE = 4;
  private static final int ID_HASHES = 5;
  private static final int HASHED_IDS_VERSION = 3;

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
    return HASHED_IDS_VERSION;
  }

  @Override
  public StoredFields write(RecentEventIds ring) {
    return StoredFields.empty(version())
        .with(ID_HASHES, ring.slotIds())
        .with(FINGERPRINTS, ring.slotFingerprints())
        .with(NEXT, ring.nextSlot())
        .with(SIZE, ring.size());
  }

  @Override
  public RecentEventIds read(StoredFields fields) {
    for (int tag : new int[] {ID_HASHES, FINGERPRINTS, NEXT, SIZE}) {
      if (!fields.has(tag)) {
        throw new KryoException("a stored RecentEventIds lacks field " + tag + ": " + fields);
      }
    }
    return RecentEventIds.restore((long[]) fields.get(ID_HASHES), (long[]) fields.get(FINGERPRINTS),
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
    if (fromVersion != FIRST_TAGGED_VERSION) {
      throw new KryoException("RecentEventIds has no format version " + fromVersion + " to upcast from");
    }
    return older -> {
      if (!older.has(IDS)) {
        throw new KryoException("a stored version-2 RecentEventIds lacks its ids (field " + IDS + "): " + older);
      }
      String[] ids = (String[]) older.get(IDS);
      long[] hashes = new long[ids.length];
      for (int slot = 0; slot < ids.length; slot++) {
        // an empty slot (null) is never read: only the size's newest slots are restored
        hashes[slot] = ids[slot] == null ? 0 : RecentEventIds.hashOf(ids[slot]);
      }
      return older.without(IDS).with(ID_HASHES, hashes);
    };
  }
}
