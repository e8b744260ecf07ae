package io.persona.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stored format of a record: each component under a fixed tag. Tags, not names or positions,
 * are the format, so a component may be renamed (keep its tag), added (a new tag; bytes without it
 * read as its default) or removed (retire its tag; bytes with it skip it) in the same version.
 *
 * <p>An absent field reads as the type's zero: 0 or false for a primitive, an empty List, Set or
 * Map, an empty Optional, null otherwise; a record's own constructor may then supply a better one.
 */
public final class RecordFormat<T extends Record> implements StoredFormat<T> {
  private final Class<T> type;
  private final int version;
  private final RecordComponent[] components;
  private final Method[] accessors;
  private final int[] tags;
  private final List<LegacyField> legacyLayout;
  private final Map<Integer, Upcaster> upcasters;
  private final Constructor<T> constructor;

  private RecordFormat(Builder<T> builder) {
    this.type = builder.type;
    this.version = builder.version;
    this.components = type.getRecordComponents();
    this.accessors = new Method[components.length];
    this.tags = new int[components.length];
    for (int i = 0; i < components.length; i++) {
      accessors[i] = components[i].getAccessor();
      accessors[i].setAccessible(true);
      tags[i] = builder.tags.get(components[i].getName());
    }
    this.legacyLayout = List.copyOf(builder.legacyLayout);
    this.upcasters = Map.copyOf(builder.upcasters);
    try {
      this.constructor = type.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
    }
  }

  public static <T extends Record> Builder<T> of(Class<T> type) {
    return new Builder<>(type);
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public StoredFields write(T value) {
    StoredFields fields = StoredFields.empty(version);
    for (int i = 0; i < components.length; i++) {
      try {
        fields = fields.with(tags[i], accessors[i].invoke(value));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new KryoException("could not read " + components[i].getName() + " of " + type.getName(), e);
      }
    }
    return fields;
  }

  @Override
  public T read(StoredFields fields) {
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      Class<?> componentType = components[i].getType();
      values[i] = fields.has(tags[i]) ? fields.get(tags[i]) : absent(componentType);
      if (values[i] != null && !box(componentType).isInstance(values[i])) {
        throw new KryoException("field " + tags[i] + " of " + type.getName() + " holds a " + values[i].getClass().getName()
            + " but " + components[i].getName() + " is a " + componentType.getName()
            + ": a component whose type changes needs a new tag");
      }
    }
    try {
      return constructor.newInstance(values);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new KryoException("could not construct " + type.getName() + " from " + fields, e);
    }
  }

  @Override
  public StoredFields readLegacy(Kryo kryo, Input input) {
    if (legacyLayout.isEmpty()) {
      throw new KryoException(type.getName() + " did not exist in format version 1");
    }
    StoredFields fields = StoredFields.empty(FIRST_TAGGED_VERSION);
    for (LegacyField field : legacyLayout) {
      fields = fields.with(field.tag(), field.read(kryo, input));
    }
    return fields;
  }

  @Override
  public Upcaster upcasterFrom(int fromVersion) {
    Upcaster upcaster = upcasters.get(fromVersion);
    if (upcaster == null) {
      throw new KryoException(type.getName() + " has no upcaster from format version " + fromVersion);
    }
    return upcaster;
  }

  private static Object absent(Class<?> type) {
    if (type.isPrimitive()) {
      return Array.get(Array.newInstance(type, 1), 0); // the primitive's zero, boxed
    }
    if (type == List.class) {
      return List.of();
    }
    if (type == Set.class) {
      return Set.of();
    }
    if (type == Map.class) {
      return Map.of();
    }
    return type == Optional.class ? Optional.empty() : null;
  }

  private static Class<?> box(Class<?> type) {
    return MethodType.methodType(type).wrap().returnType();
  }

  /** Tags for every component, the version-1 layout if the record existed then, and the upcasters. */
  public static final class Builder<T extends Record> {
    private final Class<T> type;
    private final Map<String, Integer> tags = new LinkedHashMap<>();
    private final Set<Integer> retired = new TreeSet<>();
    private final List<LegacyField> legacyLayout = new ArrayList<>();
    private final Map<Integer, Upcaster> upcasters = new HashMap<>();
    private int version = FIRST_TAGGED_VERSION;

    private Builder(Class<T> type) {
      this.type = type;
    }

    /** Component {@code component} is stored under {@code tag}, for as long as the component exists. */
    public Builder<T> tag(String component, int tag) {
      if (tags.put(component, tag) != null) {
        throw new IllegalStateException(type.getName() + "." + component + " is tagged twice");
      }
      return this;
    }

    /** Tags of removed components: never used again, so old bytes never fill a new component. */
    public Builder<T> retired(int... removed) {
      Arrays.stream(removed).forEach(retired::add);
      return this;
    }

    /** The next component of the version-1 layout, in byte order. */
    public Builder<T> legacy(int tag, Class<?> declaredType) {
      legacyLayout.add(new LegacyField(tag, declaredType));
      return this;
    }

    /** The version this code writes: above 2, each earlier version from 2 needs an {@link #upcaster}. */
    public Builder<T> version(int current) {
      this.version = current;
      return this;
    }

    public Builder<T> upcaster(int fromVersion, Upcaster upcaster) {
      upcasters.put(fromVersion, upcaster);
      return this;
    }

    public RecordFormat<T> build() {
      Set<String> names = new TreeSet<>();
      Arrays.stream(type.getRecordComponents()).forEach(component -> names.add(component.getName()));
      check(tags.keySet().equals(names), "tags name exactly the components " + names + ", not " + tags.keySet());
      check(tags.values().stream().allMatch(tag -> tag >= 1), "tags start at 1");
      check(Set.copyOf(tags.values()).size() == tags.size(), "a tag is used twice: " + tags);
      check(tags.values().stream().noneMatch(retired::contains), "a retired tag is used again: " + retired);
      check(legacyLayout.stream().allMatch(f -> tags.containsValue(f.tag()) || retired.contains(f.tag())),
          "the version-1 layout names a tag that is neither used nor retired");
      check(version >= FIRST_TAGGED_VERSION, "versions written as tags start at " + FIRST_TAGGED_VERSION);
      for (int from = FIRST_TAGGED_VERSION; from < version; from++) {
        check(upcasters.containsKey(from), "version " + version + " needs an upcaster from version " + from);
      }
      check(upcasters.keySet().stream().allMatch(from -> from >= FIRST_TAGGED_VERSION && from < version),
          "an upcaster starts outside versions " + FIRST_TAGGED_VERSION + ".." + (version - 1));
      return new RecordFormat<>(this);
    }

    private void check(boolean condition, String problem) {
      if (!condition) {
        throw new IllegalStateException("stored format of " + type.getName() + ": " + problem);
      }
    }
  }
}
