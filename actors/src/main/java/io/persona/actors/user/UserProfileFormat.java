package io.persona.actors.user;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.persona.actors.serialization.RecordFormat;
import io.persona.actors.serialization.StoredFields;
import io.persona.actors.serialization.StoredFormat;
import io.persona.actors.serialization.Upcaster;
import io.persona.models.profile.UserProfile;

import java.util.List;
import java.util.Map;

/**
 * The profile's record format, writing its history and affinities as the plain JDK list and maps,
 * and its interacted items as the set of every item, as they were before the profile held them
 * compactly (issue 16, heap per user): the stored bytes are what they always were, so every
 * snapshot reads both ways. Reading builds the compact columns again (the profile's constructor
 * does) and keeps apart only the items the affinities lack.
 */
final class UserProfileFormat implements StoredFormat<UserProfile> {
  static final int RECENT_HISTORY = 2;
  static final int ITEM_AFFINITIES = 4;
  static final int CATEGORY_AFFINITIES = 5;
  static final int INTERACTED_ITEMS = 8;

  private final RecordFormat<UserProfile> record;

  UserProfileFormat(RecordFormat<UserProfile> record) {
    this.record = record;
  }

  @Override
  public Class<UserProfile> type() {
    return record.type();
  }

  @Override
  public int version() {
    return record.version();
  }

  @Override
  public StoredFields write(UserProfile profile) {
    return record.write(profile)
        .with(RECENT_HISTORY, List.copyOf(profile.recentHistory()))
        .with(ITEM_AFFINITIES, Map.copyOf(profile.itemAffinities()))
        .with(CATEGORY_AFFINITIES, Map.copyOf(profile.categoryAffinities()))
        .with(INTERACTED_ITEMS, profile.everyInteractedItem());
  }

  @Override
  public UserProfile read(StoredFields fields) {
    return record.read(fields).withInteractedItemsApart();
  }

  @Override
  public StoredFields readLegacy(Kryo kryo, Input input) {
    return record.readLegacy(kryo, input);
  }

  @Override
  public Upcaster upcasterFrom(int fromVersion) {
    return record.upcasterFrom(fromVersion);
  }
}
