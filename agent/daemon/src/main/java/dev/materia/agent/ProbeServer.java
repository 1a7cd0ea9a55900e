package dev.materia.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A tiny HTTP endpoint for Kubernetes probes: {@code GET /livez} answers 200 while the agent's
 * threads run, {@code GET /readyz} 200 while it polls successfully, 503 with the reason otherwise.
 *
 * <p>Example: {@code ProbeServer.start(8081, agent::alive, agent::readiness)}. It listens on every
 * interface, as the kubelet probes the pod's IP, and serves nothing else.
 */
final class ProbeServer implements AutoCloseable {
  private final HttpServer server;

  private ProbeServer(HttpServer server) {
    this.server = server;
  }

  static ProbeServer start(int port, BooleanSupplier alive, Supplier<String> notReadyReason)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/livez", exchange -> answer(exchange, alive.getAsBoolean() ? null : "agent threads died"));
    server.createContext("/readyz", exchange -> answer(exchange, notReadyReason.get()));
    server.start();
    return new ProbeServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void answer(HttpExchange exchange, String problem) throws IOException {
    try (exchange) {
      byte[] body = (problem == null ? "ok\n" : problem + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(problem == null ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
