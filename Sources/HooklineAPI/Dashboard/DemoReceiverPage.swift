/// The dashboard's view of what the demo receiver (`serve --demo`) got: one row a request, newest
/// first, with its time, its Standard Webhooks headers and the start of its body.
///
/// Everything shown came from the request, so the template writes it with `{{…}}` (escaped) only.
enum DemoReceiverPage {
    /// Most characters of a body the page shows; the receiver keeps up to `DemoReceiver.bodyLimit` bytes.
    static let bodyExcerptCharacters = 2_000

    /// The template's context for `requests` (newest first), served at `baseURL`.
    static func context(_ requests: [DemoReceiver.ReceivedRequest], baseURL: String?) -> [String: Any] {
        [
            "requests": requests.map(row),
            "capacity": DemoReceiver.capacity,
            "emit": DemoReceiver.emitCommand(baseURL: baseURL),
        ]
    }

    private static func row(_ request: DemoReceiver.ReceivedRequest) -> [String: Any] {
        let body = DashboardFormat.excerpt(request.body, characters: bodyExcerptCharacters)
        var row: [String: Any] = [
            "received": DashboardFormat.timestamp(milliseconds: request.receivedAtMilliseconds),
            "webhookID": request.headers["webhook-id"] ?? "–",
            "timestamp": request.headers["webhook-timestamp"] ?? "–",
            "signature": request.headers["webhook-signature"] ?? "none",
            "headers": request.headers.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] },
            "body": body.text,
        ]
        if let total = body.totalCharacters { row["cut"] = ["shown": bodyExcerptCharacters, "total": total] }
        return row
    }
}
