package io.persona.models.features;

import io.persona.models.profile.ProfileSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The one definition of model input. Serving calls {@link #encode} / {@link #encodeBatch} per
 * request; training reads the vectors serving logged. Nothing else computes features.
 *
 * <p>Every model stores the {@link #fingerprint()} of the spec it was trained with; a model whose
 * fingerprint differs from the running spec's is refused, because the same column index would
 * mean something else.
 */
public final class FeatureSpec {
  private final String name;
  private final List<Feature> features;
  private final long hashBuckets;
  private final long hashSeed;
  private final ProfileSettings profileSettings;
  private final List<String> denseColumns;
  private final List<String> sparseColumns;
  private final String fingerprint;
  private final Set<String> slotFeatures;
  /** Each feature's hash prefix ({@link FeatureHashing#prefix}), by declaration index; 0 for dense ones. */
  private final long[] hashPrefixes;
  private final BadValueCounts repairs = new BadValueCounts();

  public FeatureSpec(String name, List<Feature> features, long hashBuckets, long hashSeed, ProfileSettings profileSettings) {
    this(name, features, hashBuckets, hashSeed, profileSettings, Set.of());
  }

  /**
   * @param slotFeatures names of the context features computed from the request's slot alone: a
   *                     logged row is moved to the slot it was shown in by re-encoding just these
   *                     ({@link #placeAtSlot}). They do not enter the fingerprint: which slot a column
   *                     is computed from is part of the feature, not of where the trainer takes it.
   */
  public FeatureSpec(String name, List<Feature> features, long hashBuckets, long hashSeed, ProfileSettings profileSettings,
                     Set<String> slotFeatures) {
    if (hashBuckets < 2) {
      throw new IllegalArgumentException("hashBuckets must be >= 2");
    }
    this.name = name;
    this.features = List.copyOf(features);
    this.hashBuckets = hashBuckets;
    this.hashSeed = hashSeed;
    this.profileSettings = profileSettings;
    List<String> dense = new ArrayList<>();
    List<String> sparse = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Feature f : this.features) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("feature " + f.name() + " is declared twice");
      }
      if (f instanceof Feature.Numeric) {
        dense.add(f.name());
      } else if (f instanceof Feature.Vector v) {
        for (int i = 0; i < v.dimension(); i++) {
          dense.add(f.name() + "[" + i + "]");
        }
      } else {
        sparse.add(f.name());
      }
    }
    if (dense.isEmpty() || sparse.isEmpty()) {
      throw new IllegalArgumentException("a spec needs at least one dense and one sparse feature");
    }
    this.denseColumns = List.copyOf(dense);
    this.sparseColumns = List.copyOf(sparse);
    this.fingerprint = computeFingerprint();
    for (String slotFeature : slotFeatures) {
      Feature f = this.features.stream().filter(x -> x.name().equals(slotFeature)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("slot feature " + slotFeature + " is not declared"));
      if (f.group() != FeatureGroup.CONTEXT || !(f instanceof Feature.Numeric || f instanceof Feature.Categorical)) {
        throw new IllegalArgumentException("slot feature " + slotFeature + " must be a numeric or categorical context feature");
      }
    }
    this.slotFeatures = Set.copyOf(slotFeatures);
    this.hashPrefixes = new long[this.features.size()];
    for (int i = 0; i < hashPrefixes.length; i++) {
      Feature f = this.features.get(i);
      if (f instanceof Feature.Categorical || f instanceof Feature.Crossed) {
        hashPrefixes[i] = FeatureHashing.prefix(hashSeed, f.name());
      }
    }
  }

  /**
   * Rewrites, in place, the columns of the slot features of one row (at {@code denseAt} and
   * {@code sparseAt} of the arrays) as if the request had asked for {@code slot}. Serving scores
   * every candidate at the request's slot, so a logged row carries that slot; the trainer moves each
   * row to the slot it was shown in, so the network learns how clicks fall with position apart
   * from the item (position as a training-only feature, fixed at serving). No-op without slot features.
   */
  public void placeAtSlot(float[] dense, int denseAt, long[] sparse, int sparseAt, int slot) {
    if (slotFeatures.isEmpty()) {
      return;
    }
    FeatureSource onlyTheSlot = new FeatureSource(null, null,
        new RequestContext(java.time.Instant.EPOCH, null, null, slot, java.util.Map.of()), profileSettings);
    int dc = denseAt;
    int sc = sparseAt;
    for (Feature f : features) {
      boolean rewrite = slotFeatures.contains(f.name());
      if (f instanceof Feature.Numeric n) {
        if (rewrite) {
          dense[dc] = n.transform().apply(n.extractor().applyAsDouble(onlyTheSlot), n.name(), repairs);
        }
        dc++;
      } else if (f instanceof Feature.Vector v) {
        dc += v.dimension();
      } else if (f instanceof Feature.Categorical c) {
        if (rewrite) {
          sparse[sc] = FeatureHashing.bucket(hashSeed, c.name(), c.extractor().apply(onlyTheSlot), hashBuckets);
        }
        sc++;
      } else {
        sc++;
      }
    }
  }

  /** The slot features' names (see {@link #placeAtSlot}). */
  public Set<String> slotFeatures() {
    return slotFeatures;
  }

  public String name() {
    return name;
  }

  public List<Feature> features() {
    return features;
  }

  public List<String> denseColumns() {
    return denseColumns;
  }

  public List<String> sparseColumns() {
    return sparseColumns;
  }

  public int denseWidth() {
    return denseColumns.size();
  }

  public int sparseWidth() {
    return sparseColumns.size();
  }

  /**
   * Where one feature's values are in an encoded row: {@code width} dense columns from {@code at}, or
   * the one sparse column {@code at}.
   */
  public record Placement(Feature feature, boolean dense, int at, int width) {}

  /** Every feature's place in an encoded row, in declaration order. */
  public List<Placement> placements() {
    List<Placement> placements = new ArrayList<>(features.size());
    int dc = 0;
    int sc = 0;
    for (Feature f : features) {
      if (f instanceof Feature.Numeric) {
        placements.add(new Placement(f, true, dc++, 1));
      } else if (f instanceof Feature.Vector v) {
        placements.add(new Placement(f, true, dc, v.dimension()));
        dc += v.dimension();
      } else {
        placements.add(new Placement(f, false, sc++, 1));
      }
    }
    return placements;
  }

  /** The id a categorical or crossed feature has when its value (or both of a cross's) is missing. */
  public long missingId(Feature feature) {
    if (feature instanceof Feature.Categorical c) {
      return FeatureHashing.bucket(hashSeed, c.name(), null, hashBuckets);
    }
    if (feature instanceof Feature.Crossed x) {
      return FeatureHashing.bucket(hashSeed, x.name(), null, null, hashBuckets);
    }
    throw new IllegalArgumentException(feature.name() + " is not a sparse feature");
  }

  /** Size of the shared embedding table every sparse id indexes. */
  public long hashBuckets() {
    return hashBuckets;
  }

  public ProfileSettings profileSettings() {
    return profileSettings;
  }

  /** Repairs made while encoding (NaN, infinities, out-of-range values), per feature. */
  public BadValueCounts repairs() {
    return repairs;
  }

  /** Hex SHA-256 (first 16 bytes) of everything that decides what a column means. */
  public String fingerprint() {
    return fingerprint;
  }

  public FeatureVector encode(UserInput user, ItemInput item, RequestContext context) {
    FeatureBatch one = encodeBatch(user, List.of(item), context);
    return one.row(0);
  }

  /** Candidates of one request (all of them, or those a slate shows), written straight into the batch arrays. */
  public FeatureBatch encodeBatch(UserInput user, List<ItemInput> items, RequestContext context) {
    int rows = items.size();
    int d = denseWidth();
    int s = sparseWidth();
    float[] dense = new float[rows * d];
    long[] sparse = new long[rows * s];
    String[] keys = new String[rows];
    for (int r = 0; r < rows; r++) {
      ItemInput item = items.get(r);
      keys[r] = item.item().itemId();
      encodeInto(new FeatureSource(user, item, context, profileSettings), dense, r * d, sparse, r * s, r > 0);
      if (r > 0) {
        copyRequestColumns(dense, d, sparse, s, r);
      }
    }
    return new FeatureBatch(rows, d, s, dense, sparse, keys);
  }

  /**
   * User and context features are the same for every candidate of a request: computed for the
   * first row, copied to the others. Their repairs are therefore counted once per request.
   */
  private static boolean perRequest(Feature f) {
    return f.group() == FeatureGroup.USER || f.group() == FeatureGroup.CONTEXT;
  }

  private void copyRequestColumns(float[] dense, int d, long[] sparse, int s, int row) {
    int dc = 0;
    int sc = 0;
    for (Feature f : features) {
      int width = f instanceof Feature.Vector v ? v.dimension() : 1;
      boolean isDense = f instanceof Feature.Numeric || f instanceof Feature.Vector;
      if (perRequest(f)) {
        if (isDense) {
          System.arraycopy(dense, dc, dense, row * d + dc, width);
        } else {
          sparse[row * s + sc] = sparse[sc];
        }
      }
      if (isDense) {
        dc += width;
      } else {
        sc++;
      }
    }
  }

  private void encodeInto(FeatureSource source, float[] dense, int denseAt, long[] sparse, int sparseAt,
                          boolean skipPerRequest) {
    int dc = denseAt;
    int sc = sparseAt;
    for (int i = 0; i < hashPrefixes.length; i++) {
      Feature f = features.get(i);
      if (skipPerRequest && perRequest(f)) {
        if (f instanceof Feature.Vector v) {
          dc += v.dimension();
        } else if (f instanceof Feature.Numeric) {
          dc++;
        } else {
          sc++;
        }
        continue;
      }
      if (f instanceof Feature.Numeric n) {
        dense[dc++] = n.transform().apply(n.extractor().applyAsDouble(source), n.name(), repairs);
      } else if (f instanceof Feature.Vector v) {
        dc = writeVector(v, v.extractor().apply(source), dense, dc);
      } else if (f instanceof Feature.Categorical c) {
        sparse[sc++] = FeatureHashing.bucketAfter(hashPrefixes[i], c.extractor().apply(source), hashBuckets);
      } else if (f instanceof Feature.Crossed x) {
        sparse[sc++] = FeatureHashing.bucketAfter(hashPrefixes[i],
            x.left().extractor().apply(source), x.right().extractor().apply(source), hashBuckets);
      }
    }
  }

  private int writeVector(Feature.Vector v, float[] values, float[] dense, int at) {
    if (values == null) {
      return at + v.dimension();
    }
    if (values.length != v.dimension()) {
      repairs.nonFinite(v.name());
      return at + v.dimension();
    }
    for (int i = 0; i < values.length; i++) {
      float x = values[i];
      if (!Float.isFinite(x)) {
        repairs.nonFinite(v.name());
        x = 0;
      } else if (Math.abs(x) > v.bound()) {
        repairs.clamped(v.name());
        x = (float) Math.copySign(v.bound(), x);
      }
      dense[at + i] = x;
    }
    return at + v.dimension();
  }

  private String computeFingerprint() {
    StringBuilder canonical = new StringBuilder("persona-features/1\n")
        .append(name).append('\n')
        .append("buckets=").append(hashBuckets).append(" seed=").append(hashSeed).append('\n')
        .append("halfLife=").append(profileSettings.halfLife()).append(" weights=")
        .append(new java.util.TreeMap<>(profileSettings.weights())).append(" default=").append(profileSettings.defaultWeight())
        .append(" neutral=").append(profileSettings.ratingNeutral()).append('\n');
    for (Feature f : features) {
      canonical.append(f.describe()).append('\n');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
