import Foundation
import Metrics
public import Prometheus
import Synchronization
import WenshuText

/// The process's Prometheus registry and the service's own metrics.
///
/// `MetricsSystem.bootstrap` may run once per process, and tests build many apps, so the registry is
/// process-wide and bootstrapped on first use; every app shares it.
public final class ServerMetrics: Sendable {
    public static let shared = ServerMetrics()

    public let registry: PrometheusCollectorRegistry

    private init() {
        registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    func request(route: String, status: Int) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "wenshu", metricName: "http_requests", unitName: "total",
                                             helpText: "HTTP requests by route pattern and status"),
            labels: [("route", route), ("status", String(status))]
        ).increment()
    }

    func delivery(channel: String, outcome: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "wenshu", metricName: "deliveries", unitName: "total",
                                             helpText: "Delivery attempts by channel and outcome (delivered, temporary, permanent, ambiguous)"),
            labels: [("channel", channel), ("outcome", outcome)]
        ).increment()
    }

    func render(template: String, format: String, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "wenshu", metricName: "render", unitName: "seconds",
                                             helpText: "Time to render one document, on a render thread"),
            labels: [("template", template), ("format", format)],
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]
        ).record(duration)
    }

    func outboxJobs(state: String, count: Int) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "wenshu", metricName: "outbox_jobs", unitName: "",
                                             helpText: "Delivery jobs in the outbox by state, read at scrape time"),
            labels: [("state", state)]
        ).set(Double(count))
    }

    /// The render caches' state (``RenderCaches``), read at scrape time: entries, estimated bytes and
    /// budget as gauges; hits, misses and evictions as counts since the process started.
    func caches(_ statistics: [CacheStatistics]) {
        let descriptor = { (name: String, unit: String, help: String) in
            MetricNameDescriptor(namespace: "wenshu", metricName: name, unitName: unit, helpText: help)
        }
        for cache in statistics {
            let labels = [("cache", cache.name)]
            registry.makeGauge(descriptor: descriptor("cache_entries", "", "Entries in a render cache"), labels: labels).set(Double(cache.entries))
            registry.makeGauge(descriptor: descriptor("cache", "bytes", "Estimated memory held by a render cache"), labels: labels).set(Double(cache.bytes))
            registry.makeGauge(descriptor: descriptor("cache_limit", "bytes", "Memory budget of a render cache (WENSHU_CACHE_<NAME>_MB)"), labels: labels)
                .set(Double(cache.byteLimit))
            registry.makeGauge(descriptor: descriptor("cache_hits", "", "Render cache hits since start"), labels: labels).set(Double(cache.hits))
            registry.makeGauge(descriptor: descriptor("cache_misses", "", "Render cache misses since start"), labels: labels).set(Double(cache.misses))
            registry.makeGauge(descriptor: descriptor("cache_evictions", "", "Render cache entries dropped to stay within budget since start"), labels: labels)
                .set(Double(cache.evictions))
        }
    }

    func renderPool(waiting: Int, busy: Int) {
        let descriptor = { (name: String, help: String) in
            MetricNameDescriptor(namespace: "wenshu", metricName: name, unitName: "", helpText: help)
        }
        registry.makeGauge(descriptor: descriptor("render_queue", "Renders waiting for a render thread")).set(Double(waiting))
        registry.makeGauge(descriptor: descriptor("render_busy", "Render threads at work")).set(Double(busy))
    }

    func text() -> [UInt8] { registry.emitToBuffer() }
}
