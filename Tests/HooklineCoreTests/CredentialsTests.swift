import Foundation
import HooklineCore
import Testing

@Suite struct CredentialsTests {
    @Test func generatedSecretsAreDistinctAndWellFormed() {
        let tokens = (0..<200).map { _ in Credentials.newAccessToken() }
        #expect(Set(tokens).count == tokens.count)
        #expect(tokens.allSatisfy { $0.count == 50 && $0.allSatisfy { $0.isLowercase || $0.isNumber } })
        #expect(Credentials.newClientID().count == 31)
        #expect(Credentials.newAdminToken().hasPrefix("hla_"))
    }

    @Test func tokensAreStoredAsSHA256AndComparedExactly() {
        // SHA-256("abc"), FIPS 180-2 test vector.
        #expect(Credentials.tokenHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let hash = Credentials.tokenHash("secret-token")
        #expect(Credentials.token("secret-token", matches: hash))
        #expect(!Credentials.token("secret-tokem", matches: hash))
        #expect(!Credentials.token("", matches: hash))
        #expect(!Credentials.constantTimeEquals([1, 2], [1, 2, 3]))
    }

    /// Expects distinct, lowercased UUIDs of `version` with the RFC variant.
    private func expectDistinctUUIDs(_ ids: [String], version: Character) {
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == version, "\(id)")
            #expect("89ab".contains(characters[19]), "\(id)")
        }
    }

    @Test func randomIdentifiersAreVersion4UUIDs() {
        expectDistinctUUIDs((0..<500).map { _ in RandomIdentifier.uuid() }, version: "4")
    }

    @Test func timeOrderedIdentifiersAreVersion7UUIDsInTimeOrder() {
        let start: Int64 = 1_795_975_004_123
        let ids = (0..<500).map { RandomIdentifier.timeOrderedUUID(milliseconds: start + Int64($0 / 10)) }
        expectDistinctUUIDs(ids, version: "7")
        // The first 48 bits are the time: 1795975004123 ms is 0x01a22873bfdb.
        #expect(ids[0].hasPrefix("01a22873-bfdb-7"))
        // Made in later milliseconds, they sort later.
        for index in stride(from: 10, to: ids.count, by: 10) { #expect(ids[index - 1] < ids[index]) }
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect([0x00, 0x0f, 0xa0, 0xff].lowercaseHex == "000fa0ff")
        #expect([UInt8]().lowercaseHex == "")
    }
}
