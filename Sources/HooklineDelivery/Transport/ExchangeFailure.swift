/// An exchange's failure, and whether any of the answer had arrived.
struct ExchangeFailure: Error {
    var failure: TransportFailure
    var answerStarted: Bool
}
