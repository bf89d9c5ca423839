@testable import HooklineAPI
import HooklineStore
import Testing

@Suite("Dashboard chart and times")
struct DeliveryChartTests {
    @Test("One bar per minute of the hour, stacked and scaled to the busiest minute")
    func barsScaleToThePeak() {
        let last: Int64 = 29_000_000
        let chart = DeliveryChart(
            minutes: [.init(minute: last, succeeded: 30, failed: 10), .init(minute: last - 59, succeeded: 0, failed: 20),
                .init(minute: last - 60, succeeded: 99, failed: 99)],
            lastMinute: last)
        #expect(chart.bars.count == 60)
        #expect(chart.peak == 40)
        let newest = chart.bars[59]
        #expect(newest.okHeight == 97 && newest.failedHeight == 32)
        #expect(newest.okY == chart.baseline - 97 && newest.failedY == newest.okY - 32)
        let oldest = chart.bars[0]
        #expect(oldest.okHeight == 0 && oldest.failedHeight == 65)
        #expect(chart.bars[1...58].allSatisfy { $0.okHeight == 0 && $0.failedHeight == 0 })
        #expect(chart.bars.allSatisfy { $0.x + $0.barWidth <= chart.width })
        #expect(chart.summary == "60 attempts, at most 40 in a minute")
        #expect(chart.labelY > chart.baseline && chart.labelY < chart.height)
    }

    @Test("An empty hour draws flat bars, not a division by zero")
    func emptyHour() {
        let chart = DeliveryChart(minutes: [], lastMinute: 1000)
        #expect(chart.bars.allSatisfy { $0.okHeight == 0 && $0.failedHeight == 0 })
        #expect(chart.summary == "0 attempts, at most 0 in a minute")
    }

    @Test("Form times are read as UTC and written back the same way")
    func formTimes() {
        let milliseconds = DashboardFormat.milliseconds(fromInput: "2026-12-01T17:05")
        #expect(milliseconds == 1_796_144_700_000)
        #expect(DashboardFormat.milliseconds(fromInput: "2026-12-01T17:05:09") == 1_796_144_709_000)
        #expect(DashboardFormat.inputValue(milliseconds: 1_796_144_700_000) == "2026-12-01T17:05")
        #expect(DashboardFormat.timestamp(milliseconds: 1_796_144_709_000) == "2026-12-01 17:05:09")
        #expect(DashboardFormat.milliseconds(fromInput: "yesterday") == nil)
        #expect(DashboardFormat.milliseconds(fromInput: "") == nil)
    }
}
