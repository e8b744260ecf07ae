package io.persona.actors.activity;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
