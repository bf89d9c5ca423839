import Foundation

/// Shows how far a long CLI operation has got: a bar redrawn in place on a terminal, a plain line
/// for each change otherwise (a pipe, a file, CI logs).
struct ProgressDisplay {
    /// How many steps make the whole.
    let total: Int
    /// What a step is, as shown after the count (`attempted`).
    let label: String
    /// Whether standard output is a terminal.
    let isTerminal: Bool
    /// Characters of the bar.
    static let width = 30

    private var shown: Int?

    /// A display of `total` steps, drawn as a bar when standard output is a terminal.
    init(total: Int, label: String, isTerminal: Bool = isatty(STDOUT_FILENO) == 1) {
        self.total = max(total, 0)
        self.label = label
        self.isTerminal = isTerminal
    }

    /// Shows that `done` steps are done (a repeat of the last count shows nothing).
    mutating func update(_ done: Int) {
        let done = min(max(done, 0), total)
        guard done != shown else { return }
        shown = done
        Console.write(isTerminal ? "\r" + Self.bar(done: done, total: total) + " \(done)/\(total) \(label)" : "\(done) of \(total) \(label)\n")
    }

    /// Ends the display: the bar's line is closed.
    func finish() {
        if isTerminal && shown != nil { Console.write("\n") }
    }

    /// `[#########.....]` for `done` of `total`.
    static func bar(done: Int, total: Int) -> String {
        let filled = total == 0 ? width : width * done / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }
}
