import HooklineCore
import HooklineStore
import Testing

/// The contract of `HooklineStorage`, run against every implementation.
@Suite struct HooklineStorageTests {
    static func tenant(_ storage: any HooklineStorage, hash: String = "store1", client: String = "client1") async throws
        -> HookOwner
    {
        if try await storage.store(hash: hash) == nil { _ = try await storage.createStore(hash: hash, now: 100) }
        let account = APIAccount(clientID: client, storeHash: hash, name: "n", clientSecret: "secret-\(client)", createdAt: 100)
        try await storage.createAccount(account, tokenHash: "hash-\(client)")
        return account.owner
    }

    @Test(arguments: StorageFactory.all)
    func storesGetIncreasingNumericIDsAndUniqueHashes(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let first = try await storage.createStore(hash: "a", now: 1)
            let second = try await storage.createStore(hash: "b", now: 2)
            #expect(first.storeID >= 1_000_000 && second.storeID == first.storeID + 1)
            await #expect(throws: StorageError.storeExists(storeHash: "a")) { try await storage.createStore(hash: "a", now: 3) }
            let page = try await storage.stores(page: PageRequest(page: 1, limit: 1))
            #expect(page.total == 2 && page.items.map(\.storeHash) == ["a"] && page.totalPages == 2)
            #expect(try await storage.store(hash: "b") == second)
            #expect(try await storage.store(hash: "c") == nil)
        }
    }

    @Test(arguments: StorageFactory.all)
    func accountsAreFoundByTokenHashAndRevokedWithTheirHooks(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let owner = try await Self.tenant(storage)
            let account = try #require(try await storage.account(tokenHash: "hash-client1"))
            #expect(account.clientSecret == "secret-client1")
            #expect(try await storage.account(tokenHash: "other") == nil)
            _ = try await storage.createHook(
                WebhookDraft(scope: "store/order/created", destination: "https://e.com"), owner: owner, limits: .bigCommerce, now: 5)

            #expect(try await storage.replaceAccessToken(storeHash: "store1", clientID: "client1", tokenHash: "new-hash"))
            #expect(try await storage.account(tokenHash: "hash-client1") == nil)
            #expect(try await storage.account(tokenHash: "new-hash")?.clientID == "client1")

            #expect(try await storage.revokeAccount(storeHash: "store1", clientID: "client1"))
            #expect(try await storage.account(tokenHash: "new-hash") == nil)
            #expect(try await storage.hooks(owner: owner, filter: .init(), page: .init()).total == 0)
            #expect(try await !storage.revokeAccount(storeHash: "store1", clientID: "client1"))
            await #expect(throws: StorageError.storeNotFound(storeHash: "nope")) {
                try await storage.createAccount(
                    APIAccount(clientID: "x", storeHash: "nope", name: "", clientSecret: "", createdAt: 0), tokenHash: "h")
            }
        }
    }

    @Test(arguments: StorageFactory.all)
    func hookLimitsHoldAndFailedWritesChangeNothing(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let owner = try await Self.tenant(storage)
            let limits = WebhookLimits(maxHooksPerScope: 2)
            let first = try await storage.createHook(
                WebhookDraft(scope: "store/order/created", destination: "https://e.com/1"), owner: owner, limits: limits, now: 1)
            _ = try await storage.createHook(
                WebhookDraft(scope: "store/order/created", destination: "https://e.com/2"), owner: owner, limits: limits, now: 1)
            await #expect(throws: StorageError.hookLimitReached(scope: "store/order/created", limit: 2)) {
                try await storage.createHook(
                    WebhookDraft(scope: "store/order/created", destination: "https://e.com/3"), owner: owner, limits: limits, now: 1)
            }
            await #expect(throws: StorageError.duplicateHook(scope: "store/order/created", destination: "https://e.com/2")) {
                try await storage.updateHook(
                    id: first.id, owner: owner, changes: WebhookChanges(destination: "https://e.com/2", isActive: false),
                    limits: limits, now: 9)
            }
            #expect(try await storage.hook(id: first.id, owner: owner) == first)
            #expect(try await storage.hooks(owner: owner, filter: .init(), page: .init()).total == 2)
        }
    }

    @Test(arguments: StorageFactory.all)
    func hooksAreVisibleOnlyToTheirOwner(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let owner = try await Self.tenant(storage)
            let other = try await Self.tenant(storage, client: "client2")
            let hook = try await storage.createHook(
                WebhookDraft(scope: "store/cart/*", destination: "https://e.com", headers: ["A": "b"]), owner: owner,
                limits: .bigCommerce, now: 7)
            #expect(try await storage.hook(id: hook.id, owner: other) == nil)
            #expect(try await storage.updateHook(id: hook.id, owner: other, changes: .init(isActive: false), limits: .bigCommerce, now: 8) == nil)
            #expect(try await storage.deleteHook(id: hook.id, owner: other) == nil)
            #expect(try await storage.hook(id: hook.id, owner: owner)?.headers == ["A": "b"])
            #expect(try await storage.deleteHook(id: hook.id, owner: owner) == hook)
            #expect(try await storage.hook(id: hook.id, owner: owner) == nil)
        }
    }

    @Test(arguments: StorageFactory.all)
    func updatesArePartialAndStatusFollowsIsActive(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let owner = try await Self.tenant(storage)
            let hook = try await storage.createHook(
                WebhookDraft(scope: "store/order/created", destination: "https://e.com", headers: ["A": "b"]), owner: owner,
                limits: .bigCommerce, now: 1)
            let off = try #require(
                try await storage.updateHook(id: hook.id, owner: owner, changes: .init(isActive: false), limits: .bigCommerce, now: 2))
            #expect(off.status == .inactive && off.headers == ["A": "b"] && off.updatedAt == 2 && off.createdAt == 1)
            let cleared = try #require(
                try await storage.updateHook(id: hook.id, owner: owner, changes: .init(headers: .some(nil)), limits: .bigCommerce, now: 3))
            #expect(cleared.headers == nil && cleared.status == .inactive)
            let on = try #require(
                try await storage.updateHook(
                    id: hook.id, owner: owner, changes: .init(isActive: true, eventsHistoryEnabled: true), limits: .bigCommerce, now: 4))
            #expect(on.status == .active && on.eventsHistoryEnabled)
        }
    }

    @Test(arguments: StorageFactory.all)
    func dataSurvivesReopening(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            let owner = try await factory.withOpened(location) { storage in
                let owner = try await Self.tenant(storage)
                _ = try await storage.createHook(
                    WebhookDraft(scope: "store/order/created", destination: "https://e.com"), owner: owner, limits: .bigCommerce,
                    now: 1)
                try await storage.setAdminTokenHash("admin-hash")
                try await storage.setNotificationEmails(["a@b.co"], owner: owner)
                return owner
            }
            try await factory.withOpened(location) { (reopened: any HooklineStorage) async throws in
                #expect(try await reopened.hooks(owner: owner, filter: .init(), page: .init()).total == 1)
                #expect(try await reopened.adminTokenHash() == "admin-hash")
                #expect(try await reopened.notificationEmails(owner: owner) == ["a@b.co"])
            }
        }
    }

    @Test(arguments: StorageFactory.all)
    func limitsAndIDsHoldWithSeveralNodesWritingAtOnce(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withNodes(4, at: location) { nodes in
                let owner = try await Self.tenant(nodes[0])
                let limits = WebhookLimits(maxHooksPerScope: 3)
                // 8 creations of the same scope (two per destination) race on 4 nodes: 3 are allowed.
                let outcomes = await withTaskGroup(of: Result<Webhook, any Error>.self) { group in
                    for index in 0..<8 {
                        let node = nodes[index % nodes.count]
                        group.addTask {
                            await capture {
                                try await node.createHook(
                                    WebhookDraft(scope: "store/order/created", destination: "https://e.com/\(index / 2)"),
                                    owner: owner, limits: limits, now: 1)
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let created = outcomes.compactMap { try? $0.get() }
                #expect(created.count == 3)
                #expect(Set(created.map(\.destination)).count == 3)
                for case .failure(let error) in outcomes {
                    let refused = error as? StorageError
                    #expect(
                        refused == .hookLimitReached(scope: "store/order/created", limit: 3)
                            || refused.map { if case .duplicateHook = $0 { true } else { false } } == true,
                        "unexpected \(error)")
                }
                #expect(try await nodes[1].hooks(owner: owner, filter: .init(), page: .init()).total == 3)

                // Stores created at once on every node get distinct ids; a hash created twice is refused once.
                let stores = await withTaskGroup(of: Result<CommerceStore, any Error>.self) { group in
                    for index in 0..<8 {
                        let node = nodes[index % nodes.count]
                        group.addTask { await capture { try await node.createStore(hash: "s\(index % 6)", now: 1) } }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let made = stores.compactMap { try? $0.get() }
                #expect(made.count == 6)
                #expect(Set(made.map(\.storeID)).count == 6)
                #expect(made.allSatisfy { $0.storeID >= 1_000_001 })
            }
        }
    }
}

/// What an async throwing call came to, as a value.
func capture<Value>(_ body: () async throws -> Value) async -> Result<Value, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
