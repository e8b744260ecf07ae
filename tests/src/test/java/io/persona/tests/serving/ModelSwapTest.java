package io.persona.tests.serving;

import io.persona.gateway.node.PersonaNode;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.ranking.training.TrainingSettings;
import io.persona.models.synthetic.SyntheticWorld;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model holder swaps trained DCN models while requests are being ranked: no request fails, and
 * after the last swap every list names the newest model.
 */
@ExtendWith(SharedCassandra.class)
class ModelSwapTest {
  static PersonaNode node;
  static HttpJson http;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    http = new HttpJson(node.httpPort());
    ServingCatalog.create(http, 4, 10);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void swappingModelsUnderLoadFailsNoRequest() throws Exception {
    FeatureSpec spec = node.parts().spec();
    SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), spec.profileSettings());
    RankerFitting fitting = new RankerFitting(spec,
        FittingSettings.defaults().withTraining(new TrainingSettings(256, 1, 1, 0.002f, 0.3f, 1)));
    List<ModelArtifact> models = List.of(
        fitting.fitNetwork(DcnV2Architecture.defaults(), SyntheticWorld.encode(spec, world.sample(2_000, 1)),
            ModelLineage.fresh("dcn-a")),
        fitting.fitNetwork(DcnV2Architecture.defaults(), SyntheticWorld.encode(spec, world.sample(2_000, 2)),
            ModelLineage.fresh("dcn-b")));

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    Map<Integer, String> failures = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(3);
    Future<?>[] load = new Future<?>[3];
    for (int c = 0; c < load.length; c++) {
      int client = c;
      load[c] = clients.submit(() -> {
        int n = 0;
        while (running.get()) {
          HttpJson.Reply reply = http.get("/v1/users/swap-" + client + "-" + (n++ % 5) + "/recommendations?k=5");
          if (reply.status() == 200) {
            ok.incrementAndGet();
          } else {
            failures.put(reply.status(), reply.raw().body());
          }
        }
      });
    }
    for (int swap = 0; swap < 10; swap++) {
      node.parts().models().champion().install(Rankers.load(models.get(swap % 2), spec));
      Thread.sleep(150);
    }
    running.set(false);
    for (Future<?> f : load) {
      f.get(30, TimeUnit.SECONDS);
    }
    clients.shutdown();

    assertEquals(Map.of(), failures);
    assertTrue(ok.get() > 20, "requests served during the swaps: " + ok.get());
    HttpJson.Reply last = http.get("/v1/users/swap-after/recommendations?k=5");
    assertEquals("dcn-b", last.json().get("modelVersion").asText());
    assertEquals("dcn-v2", last.json().get("modelKind").asText());
  }
}
