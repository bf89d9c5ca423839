import Foundation
import HooklineCore

/// A row of `ClaimedDeliverySQL.columns`, read by column: SQLite's rows by position (finding a name
/// costs a comparison with each column's), PostgreSQL's by name.
protocol ClaimedDeliveryRow {
    /// The integer in `column`, or `nil` for NULL.
    func integer(_ column: ClaimedDeliverySQL.Column) throws -> Int64?
    /// The text in `column`, or `nil` for NULL.
    func text(_ column: ClaimedDeliverySQL.Column) throws -> String?
}

extension ClaimedDelivery {
    /// A leased delivery from a row of `ClaimedDeliverySQL.columns`: the one place a claim's rows
    /// are decoded, whichever store read them.
    init(row: some ClaimedDeliveryRow) throws {
        func required<Value>(_ value: Value?, _ column: ClaimedDeliverySQL.Column) throws -> Value {
            guard let value else { throw SQLRowError(column: "\(column)") }
            return value
        }
        let payload = try required(try row.text(.payload), .payload)
        self.init(
            deliveryID: try required(try row.integer(.id), .id), eventSeq: try required(try row.integer(.eventSeq), .eventSeq),
            eventID: try required(try row.text(.eventID), .eventID), hookID: try required(try row.integer(.hookID), .hookID),
            owner: HookOwner(
                storeHash: try required(try row.text(.storeHash), .storeHash),
                clientID: try required(try row.text(.clientID), .clientID)),
            attempt: Int(try required(try row.integer(.attempts), .attempts)) + 1, destination: try row.text(.destination),
            host: try required(try row.text(.host), .host), headers: try HeadersColumn.decode(try row.text(.headers)),
            hookActive: try row.text(.status) == WebhookStatus.active.rawValue,
            isExceptionHook: try row.text(.scope) == DeliveryExceptionCode.scope, clientSecret: try row.text(.clientSecret),
            payload: Data(payload.utf8), blockedUntil: try row.integer(.blockedUntil),
            previousClientSecret: try row.text(.previousSecret),
            previousSecretExpiresAt: try row.integer(.previousSecretExpiresAt),
            settings: HookDeliverySettings(
                stored: try row.text(.ordering), maxPerSecond: try row.integer(.maxPerSecond),
                maxInFlight: try row.integer(.maxInFlight)))
    }
}
