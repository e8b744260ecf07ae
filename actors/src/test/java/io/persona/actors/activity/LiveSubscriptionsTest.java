package io.persona.actors.activity;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveSubscriptionsTest {

  @Test
  void onlyTheActingUsersListenersAreToldAndClosingLeavesNothing() throws Exception {
    LiveSubscriptions live = new LiveSubscriptions();
    AtomicInteger alice = new AtomicInteger();
    AtomicInteger bob = new AtomicInteger();
    AutoCloseable a1 = live.subscribe("alice", alice::incrementAndGet);
    AutoCloseable a2 = live.subscribe("alice", alice::incrementAndGet);
    AutoCloseable b = live.subscribe("bob", bob::incrementAndGet);
    live.userActed("alice");
    assertEquals(2, alice.get());
    assertEquals(0, bob.get());
    assertEquals(3, live.listeners());
    a1.close();
    a2.close();
    b.close();
    live.userActed("alice");
    assertEquals(2, alice.get());
    assertEquals(0, live.users());
    assertEquals(0, live.listeners());
  }

  @Test
  void boundsPerUserAndPerNodeRefuseOneMoreAndClosingFreesTheSlot() throws Exception {
    LiveSubscriptions live = new LiveSubscriptions();
    AutoCloseable a1 = live.subscribeWithin("alice", () -> { }, 2, 3).orElseThrow();
    live.subscribeWithin("alice", () -> { }, 2, 3).orElseThrow();
    assertTrue(live.subscribeWithin("alice", () -> { }, 2, 3).isEmpty(), "a third socket of alice");
    assertEquals(2, live.listenersOf("alice"));
    live.subscribeWithin("bob", () -> { }, 2, 3).orElseThrow();
    assertTrue(live.subscribeWithin("carol", () -> { }, 2, 3).isEmpty(), "a fourth socket on the node");
    assertEquals(0, live.listenersOf("carol"));
    assertEquals(3, live.listeners());
    assertEquals(2, live.users(), "a refused user leaves no entry behind");
    a1.close();
    a1.close();
    assertEquals(2, live.listeners(), "closing twice frees one slot");
    assertTrue(live.subscribeWithin("carol", () -> { }, 2, 3).isPresent());
  }

  @Test
  void socketsOpenedAtOnceNeverPassTheNodeBound() throws Exception {
    LiveSubscriptions live = new LiveSubscriptions();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    AtomicInteger granted = new AtomicInteger();
    java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String user = "u" + (i % 50);
      Runnable listener = new Runnable() { // one per socket (a lambda without captures would be shared)
        @Override
        public void run() {
        }
      };
      done.add(pool.submit(() -> live.subscribeWithin(user, listener, 1000, 500)
          .ifPresent(s -> granted.incrementAndGet())));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertEquals(500, granted.get());
    assertEquals(500, live.listeners());
  }
}
