package io.persona.gateway.node;

import io.persona.actors.rules.RuleBook;
import io.persona.persistence.rules.BusinessRuleRepository;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;

import java.time.Duration;

/**
 * The operator's business rules on this node: the store in Cassandra and the book the serving path
 * reads, re-read every {@code persona.rules.refresh-interval} on the learning dispatcher (a blocking
 * read of a small table).
 */
final class Rules implements AutoCloseable {
  private final BusinessRuleRepository store;
  private final RuleBook book;
  private final Cancellable refresh;

  private Rules(BusinessRuleRepository store, RuleBook book, Cancellable refresh) {
    this.store = store;
    this.book = book;
    this.refresh = refresh;
  }

  static Rules start(ActorSystem<?> system, Storage storage, Duration refreshInterval) {
    BusinessRuleRepository store = new BusinessRuleRepository(storage.session(), storage.keyspace());
    RuleBook book = new RuleBook(store::all);
    book.refresh();
    Cancellable refresh = system.scheduler().scheduleWithFixedDelay(refreshInterval, refreshInterval, book::refresh,
        system.dispatchers().lookup(Learning.DISPATCHER));
    return new Rules(store, book, refresh);
  }

  BusinessRuleRepository store() {
    return store;
  }

  RuleBook book() {
    return book;
  }

  @Override
  public void close() {
    refresh.cancel();
  }
}
