package io.persona.gateway.telemetry;

import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * Tells {@link Telemetry} when a node's actor system starts and when it begins to shut down, so that
 * Kamon stops with the last one, before the dispatchers do (terminate() runs coordinated shutdown,
 * so this holds for every way a node stops). Loaded by Pekko itself ({@code pekko.extensions} in
 * persona-metrics.conf), which also covers a node whose start fails after its actor system exists.
 */
public final class TelemetryLifecycle extends AbstractExtensionId<TelemetryLifecycle.Registered>
    implements ExtensionIdProvider {
  public static final TelemetryLifecycle ID = new TelemetryLifecycle();

  /** Nothing to use: being registered is the point. */
  public static final class Registered implements Extension {}

  @Override
  public TelemetryLifecycle lookup() {
    return ID;
  }

  @Override
  public Registered createExtension(ExtendedActorSystem system) {
    Telemetry.systemStarted();
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-kamon",
        Telemetry::systemStopping);
    return new Registered();
  }
}
