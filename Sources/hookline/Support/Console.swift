import Foundation

/// Writes lines to standard output unbuffered, so a server's printed tokens and instructions
/// appear at once even when stdout is a pipe or a file.
enum Console {
    static func line(_ text: String = "") {
        write(text + "\n")
    }

    /// Writes `text` as it is (no newline added).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
