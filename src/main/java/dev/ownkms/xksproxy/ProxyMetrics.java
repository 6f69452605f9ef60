package dev.ownkms.xksproxy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prometheus metrics of the proxy, served on {@code GET /metrics}: requests by operation and
 * outcome (the error name, or {@code OK}) with their latency, time spent in the token, and the
 * token's health (1 active, 0.5 degraded, 0 unavailable).
 */
final class ProxyMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Looked up per request: a map hit is cheaper than Micrometer's builder and registry lookup. */
  private final ConcurrentHashMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<XksOperation, Timer> tokenTimers = new ConcurrentHashMap<>();

  void healthGauge(Supplier<HealthMonitor.Status> status) {
    Gauge.builder("xks.token.health", () -> switch (status.get()) {
      case ACTIVE -> 1.0;
      case DEGRADED -> 0.5;
      case UNAVAILABLE -> 0.0;
    }).description("Token health: 1 ACTIVE, 0.5 DEGRADED, 0 UNAVAILABLE").register(registry);
  }

  void request(String operation, String outcome, long nanos) {
    requestTimers.computeIfAbsent(operation + '\n' + outcome, k ->
        Timer.builder("xks.requests").description("XKS API requests, from receipt to answer")
            .tag("operation", operation).tag("outcome", outcome)
            .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25),
                Duration.ofMillis(100), Duration.ofMillis(250))
            .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  void tokenTime(XksOperation operation, long nanos) {
    tokenTimers.computeIfAbsent(operation, o ->
        Timer.builder("xks.token.calls").description("Time spent in PKCS#11 calls per operation")
            .tag("operation", o.wireName()).register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  String scrape() {
    return registry.scrape();
  }
}
