/// Which page of a list to return, BigCommerce-style (`page` from 1, `limit` per page).
public struct PageRequest: Sendable, Equatable {
    /// 1-based page number.
    public var page: Int
    /// Items per page.
    public var limit: Int

    /// The default page size of BigCommerce's v3 lists.
    public static let defaultLimit = 50
    /// The largest page size accepted.
    public static let maxLimit = 250

    /// Creates a page request; callers validate the ranges first.
    public init(page: Int = 1, limit: Int = PageRequest.defaultLimit) {
        self.page = page
        self.limit = limit
    }

    /// Rows to skip before this page.
    public var offset: Int { (page - 1) * limit }
}

/// One page of a list, with the total across all pages.
public struct Page<Item: Sendable>: Sendable {
    /// The items on this page.
    public var items: [Item]
    /// Items across all pages.
    public var total: Int
    /// The request that produced the page.
    public var request: PageRequest

    /// Creates a page.
    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    /// Number of pages for `total` items (at least 1 when there are items, 0 when there are none).
    public var totalPages: Int { total == 0 ? 0 : (total + request.limit - 1) / request.limit }
}
