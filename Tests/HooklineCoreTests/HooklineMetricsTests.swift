import HooklineCore
import Testing

/// The metrics' label rules.
@Suite struct HooklineMetricsTests {
    @Test(arguments: [(200, "2xx"), (204, "2xx"), (301, "3xx"), (404, "4xx"), (429, "4xx"), (503, "5xx"), (100, "1xx"), (99, "other"), (600, "other")])
    func statusClassIsBounded(_ code: Int, _ expected: String) {
        #expect(HooklineMetrics.statusClass(code) == expected)
    }

    @Test func everyNameIsPrometheusStyle() {
        let names = [
            HooklineMetrics.Name.eventsPublished, HooklineMetrics.Name.deliveryAttempts, HooklineMetrics.Name.attemptDuration,
            HooklineMetrics.Name.deliveriesInFlight, HooklineMetrics.Name.deliveriesPending, HooklineMetrics.Name.deliveriesDue,
            HooklineMetrics.Name.deliveriesLeased, HooklineMetrics.Name.blockedDomains, HooklineMetrics.Name.deactivations,
            HooklineMetrics.Name.noticesSent, HooklineMetrics.Name.publishDuration, HooklineMetrics.Name.apiRequests,
            HooklineMetrics.Name.storeWriteBatchSize, HooklineMetrics.Name.storeCommitDuration,
            HooklineMetrics.Name.authFailures, HooklineMetrics.Name.retentionDeleted,
            HooklineMetrics.Name.hostsBelowMaxConcurrency, HooklineMetrics.Name.lowestHostConcurrency,
            HooklineMetrics.Name.hostConcurrencyChanges, HooklineMetrics.Name.ratePaced,
        ]
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.hasPrefix("hookline_") && name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(name)")
        }
    }
}
