import HooklineCore

/// `meta.pagination` of BigCommerce's v3 lists, with links as query strings (`?page=2&limit=50`).
struct PaginationMeta: Encodable {
    struct Pagination: Encodable {
        var total: Int
        var count: Int
        var per_page: Int
        var current_page: Int
        var total_pages: Int
        var links: Links
    }

    /// Links to neighbouring pages; a missing neighbour is left out.
    struct Links: Encodable {
        var previous: String?
        var current: String
        var next: String?
    }

    var pagination: Pagination

    /// Describes `page`; `extraQuery` (already encoded) is kept in every link so filters carry over.
    init<Item>(_ page: Page<Item>, extraQuery: String = "") {
        let request = page.request
        func link(_ number: Int) -> String { "?page=\(number)&limit=\(request.limit)\(extraQuery)" }
        pagination = Pagination(
            total: page.total, count: page.items.count, per_page: request.limit, current_page: request.page,
            total_pages: page.totalPages,
            links: Links(
                previous: request.page > 1 ? link(request.page - 1) : nil,
                current: link(request.page),
                next: request.page < page.totalPages ? link(request.page + 1) : nil))
    }
}
