import HooklineStore

/// The overview's chart of attempts per minute, drawn on the server as SVG geometry: one bar per
/// minute of the window, succeeded stacked under failed, scaled to the busiest minute.
struct DeliveryChart {
    /// One minute's bar.
    struct Bar {
        var x: Int
        var barWidth: Int
        var okY: Int
        var okHeight: Int
        var failedY: Int
        var failedHeight: Int
        var label: String
    }

    let width = 600
    let height = 160
    /// The bars' floor (room for the labels below).
    let baseline = 140
    /// Where the time labels sit (stored: templates see stored properties only).
    let labelY = 154
    var bars: [Bar]
    /// Attempts in the busiest minute.
    var peak: Int
    /// For screen readers.
    var summary: String

    /// Bars for the `minutes` (Unix ms / 60,000) of the window ending at minute `lastMinute`.
    init(minutes: [DashboardOverview.Minute], lastMinute: Int64, count: Int = 60) {
        let byMinute = Dictionary(minutes.map { ($0.minute, $0) }, uniquingKeysWith: { first, _ in first })
        let slots = (0..<count).map { lastMinute - Int64(count - 1 - $0) }
        peak = max(1, slots.map { (byMinute[$0]?.succeeded ?? 0) + (byMinute[$0]?.failed ?? 0) }.max() ?? 0)
        let slot = 600 / count
        let room = 130
        var bars: [Bar] = []
        for (index, minute) in slots.enumerated() {
            let ok = byMinute[minute]?.succeeded ?? 0
            let failed = byMinute[minute]?.failed ?? 0
            let okHeight = ok * room / peak
            let failedHeight = failed * room / peak
            let okY = 140 - okHeight
            bars.append(
                Bar(
                    x: index * slot + 1, barWidth: max(1, slot - 2), okY: okY, okHeight: okHeight,
                    failedY: okY - failedHeight, failedHeight: failedHeight,
                    label: "\(DashboardFormat.clock(minute: minute)): \(ok) succeeded, \(failed) failed"))
        }
        self.bars = bars
        let total = slots.reduce(0) { $0 + (byMinute[$1]?.succeeded ?? 0) + (byMinute[$1]?.failed ?? 0) }
        summary = "\(total) attempts, at most \(total == 0 ? 0 : peak) in a minute"
    }
}
