package dev.materia.controlplane.signals;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@code LISTEN} connection of this replica: a single thread receives every notification of
 * {@link Signals#WORK} and {@link Signals#RUN} and fans it out to the subscribers (held polls,
 * event streams), so a thousand waiting agents cost no connection or thread each. After a lost
 * connection it reconnects and wakes every subscriber, since notifications may have been missed.
 */
@Context
public final class SignalListener {
  private static final Logger LOG = LoggerFactory.getLogger(SignalListener.class);

  private final String url;
  private final String user;
  private final String password;
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private final List<Runnable> onReconnect = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Connection connection;

  public SignalListener(
      @Value("${datasources.default.url}") String url,
      @Value("${datasources.default.username}") String user,
      @Value("${datasources.default.password:}") String password) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.thread = Thread.ofPlatform().daemon().name("materia-listen").unstarted(this::loop);
  }

  /**
   * Listens once the application has started, so a context that fails to start leaves no thread.
   */
  @EventListener
  void start(StartupEvent event) {
    if (thread.getState() == Thread.State.NEW) {
      thread.start();
    }
  }

  /** Calls {@code subscriber} with the id of every notification on {@code channel}. */
  public void subscribe(String channel, Consumer<UUID> subscriber) {
    subscribePayload(
        channel,
        payload -> {
          UUID id;
          try {
            id = UUID.fromString(payload);
          } catch (IllegalArgumentException e) {
            return;
          }
          subscriber.accept(id);
        });
  }

  /** Calls {@code subscriber} with the payload of every notification on {@code channel}. */
  public void subscribePayload(String channel, Consumer<String> subscriber) {
    subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
  }

  /** Calls {@code action} after the listener (re)connected, when notifications may be lost. */
  public void onReconnect(Runnable action) {
    onReconnect.add(action);
  }

  private void loop() {
    long backoff = 100;
    while (running) {
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        connection = c;
        try (Statement statement = c.createStatement()) {
          statement.execute("LISTEN " + Signals.WORK);
          statement.execute("LISTEN " + Signals.RUN);
        }
        backoff = 100;
        onReconnect.forEach(SignalListener::safely);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1_000);
          if (notifications == null) {
            continue;
          }
          for (PGNotification notification : notifications) {
            dispatch(notification);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn("LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private void dispatch(PGNotification notification) {
    String payload = notification.getParameter();
    for (Consumer<String> subscriber :
        subscribers.getOrDefault(notification.getName(), List.of())) {
      try {
        subscriber.accept(payload);
      } catch (RuntimeException e) {
        LOG.warn("a {} subscriber failed on {}", notification.getName(), payload, e);
      }
    }
  }

  private static void safely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("a reconnect action failed", e);
    }
  }

  @PreDestroy
  void stop() {
    running = false;
    Connection c = connection;
    thread.interrupt();
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing on shutdown; nothing left to do
      }
    }
  }
}
