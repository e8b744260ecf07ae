package io.persona.models.ranking;

/**
 * DJL's PyTorch engine as a node runs it: offline (natives only from the Maven jar, never a
 * download) and with a fixed number of threads inside one scoring or training call.
 *
 * <p>PyTorch's own pool defaults to one thread per core. A node already scores many requests at
 * once on its recommend dispatcher, so a pool per call only adds hand-offs between threads that
 * compete for the same cores. DJL reads these JVM properties once, when its PyTorch engine first
 * loads, so {@link #prepare} must run before anything touches DJL (the node calls it first
 * thing); a flag given on the command line wins. Like Kamon, this is one per JVM: the first node
 * started in a JVM decides for every node in it. Offline mode is read at each use, and DJL lets the
 * environment variable {@code DJL_OFFLINE}, when set, decide over the property.
 */
public final class TorchRuntime {
  /** Threads inside one operation (PyTorch's intra-op pool). */
  public static final String INTRA_OP_THREADS = "ai.djl.pytorch.num_threads";
  /** Operations run side by side by the TorchScript interpreter (the inter-op pool). */
  public static final String INTER_OP_THREADS = "ai.djl.pytorch.num_interop_threads";
  /** DJL never downloads (engines, model zoo) when this is true. */
  public static final String OFFLINE = "ai.djl.offline";

  private TorchRuntime() {}

  /**
   * Sets DJL's offline mode and both of PyTorch's thread pools to {@code threadsPerCall}, each only
   * where the JVM was not started with its own value.
   *
   * @throws IllegalArgumentException if {@code threadsPerCall} is below 1
   */
  public static void prepare(int threadsPerCall) {
    if (threadsPerCall < 1) {
      throw new IllegalArgumentException("PyTorch needs at least one thread per call, was " + threadsPerCall);
    }
    setUnlessGiven(OFFLINE, "true");
    setUnlessGiven(INTRA_OP_THREADS, Integer.toString(threadsPerCall));
    setUnlessGiven(INTER_OP_THREADS, Integer.toString(threadsPerCall));
  }

  private static void setUnlessGiven(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
