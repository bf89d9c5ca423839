import NIOCore
import Testing

@testable import HooklineAPI

/// The deadline rule alone, with time passed in.
@Suite struct RequestDeadlinesTests {
    let limits = ServerLimits(headerTimeout: .seconds(10), bodyTimeout: .seconds(30), idleTimeout: .seconds(60))
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func aRequestMovesFromTheHeadDeadlineToTheBodyDeadlineToNone() {
        var deadlines = RequestDeadlines(limits: limits, openedAt: start)
        #expect(deadlines.deadline == start + .seconds(10))
        #expect(!deadlines.isExpired(at: start + .seconds(9)))
        #expect(deadlines.isExpired(at: start + .seconds(10)))

        deadlines.headReceived(at: start + .seconds(2))
        #expect(deadlines.deadline == start + .seconds(32), "the body deadline runs from the head")
        deadlines.bytesArrived(at: start + .seconds(20))
        #expect(deadlines.deadline == start + .seconds(32), "body bytes do not move it")
        deadlines.endReceived()
        #expect(deadlines.deadline == nil, "no deadline while the server answers")
        #expect(!deadlines.isExpired(at: start + .seconds(1_000)))
    }

    @Test func aKeepAliveConnectionsNextHeadIsDueFromItsFirstByte() {
        var deadlines = RequestDeadlines(limits: limits, openedAt: start)
        deadlines.headReceived(at: start)
        deadlines.endReceived()
        deadlines.responseEnded()
        #expect(deadlines.phase == .idle && deadlines.deadline == nil, "idle: Hummingbird's idle timeout applies")
        deadlines.bytesArrived(at: start + .seconds(50))
        #expect(deadlines.deadline == start + .seconds(60))
        deadlines.bytesArrived(at: start + .seconds(55))
        #expect(deadlines.deadline == start + .seconds(60), "more bytes of the same head do not extend it")
    }

    @Test func aPipelinedRequestKeepsItsHeadDeadlineWhenThePreviousAnswerEnds() {
        var deadlines = RequestDeadlines(limits: limits, openedAt: start)
        deadlines.headReceived(at: start)
        deadlines.endReceived()
        deadlines.bytesArrived(at: start + .seconds(1))
        deadlines.responseEnded()
        #expect(deadlines.deadline == start + .seconds(11))
    }
}
