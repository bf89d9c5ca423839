import HooklineCore
import Testing

@testable import HooklineStore

@Suite struct SQLDialectTests {
    @Test func placeholdersAreNumberedForPostgreSQLAndLeftForSQLite() {
        let sql = "UPDATE t SET a = ? WHERE id IN \(SQLDialect.postgres.idList) AND b = ?"
        #expect(SQLDialect.postgres.render(sql) == "UPDATE t SET a = $1 WHERE id IN (SELECT unnest($2::bigint[])) AND b = $3")
        #expect(SQLDialect.sqlite.render("SELECT ? , ?") == "SELECT ? , ?")
        #expect(SQLDialect.sqlite.idList == "(SELECT value FROM json_each(?))")
    }

    @Test func rowLocksOnlyWherePostgreSQLNeedsThem() {
        #expect(DeliveryLogSQL.deliveryLease(id: 1, storeHash: "s", dialect: .postgres).sql.hasSuffix("FOR UPDATE"))
        #expect(!DeliveryLogSQL.deliveryLease(id: 1, storeHash: "s", dialect: .sqlite).sql.contains("FOR UPDATE"))
    }

    @Test func everySharedStatementBindsOneArgumentPerPlaceholder() {
        let owner = HookOwner(storeHash: "s", clientID: "c")
        let check = BlocklistCheck(owner: owner, host: "h", hookID: 1, destination: "https://h/")
        let statements: [SQLStatement] = [
            TenantSQL.setAdminTokenHash("x"), TenantSQL.stores(page: PageRequest()),
            TenantSQL.createAccount(APIAccount(clientID: "c", storeHash: "s", name: "n", clientSecret: "k", createdAt: 1), tokenHash: "t"),
            HookSQL.list(owner: owner, filter: WebhookFilter(isActive: true, scope: "a", destination: "b"), page: PageRequest()),
            HookSQL.update(
                Webhook(
                    id: 1, owner: owner, scope: "a", destination: "b", headers: nil, status: .active, eventsHistoryEnabled: false,
                    createdAt: 1, updatedAt: 1), headers: nil),
            DeliveryLogSQL.attempts(AttemptFilter(storeHash: "s", hookID: 1, eventID: "e", succeeded: false), page: PageRequest()),
            DeliveryLogSQL.deliveries(storeHash: "s", id: 1, eventID: "e"),
            ClientViewSQL.history(owner: owner, createdFrom: nil, createdTo: 5, page: PageRequest()),
            CompletionSQL.claimRetryingNotice(clientID: "c", destination: "d", interval: 600, nowSeconds: 1),
            CompletionSQL.block(check, blockedUntil: 1, reasonsJSON: "[]"),
            QueueSQL.release(ids: [1, 2], node: "n", now: 1, dialect: .postgres),
            TenantSQL.rotateClientSecret(storeHash: "s", clientID: "c", newSecret: "k", previousExpiresAt: 1),
        ] + RetentionTable.allCases.map { RetentionSQL.deleteExpired($0, before: RetentionCutoff(milliseconds: 1), limit: 10) }
        for statement in statements {
            #expect(statement.sql.count(where: { $0 == "?" }) == statement.arguments.count, "\(statement.sql)")
        }
    }
}
