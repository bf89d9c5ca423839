/// Sample event `data` shaped like BigCommerce's own, so an event can be published for any scope
/// without writing its payload first (`hookline emit`).
///
/// The samples are the `data` objects of BigCommerce's callback examples (the Webhooks v3
/// reference's `callbacks/data/*.json`, one per scope), embedded because that reference is not
/// shipped with Hookline. The table below is generated from it; regenerate it rather than edit it.
/// Scopes without an example (channel, B2B Edition, metafield scopes, …) get
/// `{"type": <resource>, "id": <id>}`, the shape most BigCommerce callbacks share.
public enum ScopeSamples {
    /// The `data` of an event of `scope`: BigCommerce's example, or `{"type", "id"}` when there is none.
    ///
    /// `id`, when given, replaces the example's `id` (and is added where the example has none);
    /// otherwise the example's `id` stays, and the fallback's is 1.
    public static func data(for scope: String, id: Int64?) -> JSONValue {
        let scope = ScopeCatalog.normalise(scope)
        var object: [String: JSONValue]
        if case .object(let sample)? = samples[scope] {
            object = sample
        } else {
            object = ["type": .string(resourceType(of: scope)), "id": .number(1)]
        }
        if let id { object["id"] = .number(Double(id)) }
        return .object(object)
    }

    /// The resource a scope is about, in BigCommerce's snake_case `type` form: the segment after
    /// `store/`, or after `store/channel/{channel_id}/` in channel scopes
    /// (`store/channel/1/cart/created` → `cart`, `store/priceList/created` → `price_list`).
    static func resourceType(of scope: String) -> String {
        var segments = scope.split(separator: "/")
        if segments.first == "store" { segments.removeFirst() }
        if segments.count > 2, segments[0] == "channel", isChannelID(segments[1]) { segments.removeFirst(2) }
        guard let word = segments.first else { return "resource" }
        return word.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }

    /// Whether a segment stands where a channel id goes: digits, `*` or the catalogue's placeholder.
    private static func isChannelID(_ segment: Substring) -> Bool {
        segment == "*" || segment == ScopeCatalog.channelIDPlaceholder || segment.allSatisfy(\.isNumber)
    }

    /// BigCommerce's example `data`, by scope.
    private static let samples: [String: JSONValue] = [
        "store/cart/abandoned": .object([
            "type": .string("cart"),
            "id": .string("09346904-4175-44fd-be53-f7e598531b6c"),
            "token": .string("1eed6d2d979776ff18e695ceeb10ea61"),
        ]),
        "store/cart/converted": .object([
            "type": .string("cart"),
            "id": .string("d30016e2-23c0-4a90-884f-2e92ac135476"),
            "orderId": .number(252),
        ]),
        "store/cart/couponApplied": .object([
            "type": .string("cart"),
            "id": .string("09346904-4175-44fd-be53-f7e598531b6c"),
            "couponId": .number(1),
        ]),
        "store/cart/created": .object([
            "type": .string("cart"),
            "id": .string("09346904-4175-44fd-be53-f7e598531b6c"),
        ]),
        "store/cart/deleted": .object([
            "type": .string("cart"),
            "id": .string("09346904-4175-44fd-be53-f7e598531b6c"),
        ]),
        "store/cart/lineItem/created": .object([
            "type": .string("cart_line_item"),
            "id": .string("743bfd94-d5dd-47c5-9c19-6eec32ca6119"),
            "cartId": .string("b0386708-fef3-45de-9d8b-fbe3031450a4"),
        ]),
        "store/cart/lineItem/deleted": .object([
            "type": .string("cart_line_item"),
            "id": .string("743bfd94-d5dd-47c5-9c19-6eec32ca6119"),
            "cartId": .string("b0386708-fef3-45de-9d8b-fbe3031450a4"),
        ]),
        "store/cart/lineItem/updated": .object([
            "type": .string("cart_line_item"),
            "id": .string("743bfd94-d5dd-47c5-9c19-6eec32ca6119"),
            "cartId": .string("b0386708-fef3-45de-9d8b-fbe3031450a4"),
        ]),
        "store/cart/updated": .object([
            "type": .string("cart"),
            "id": .string("09346904-4175-44fd-be53-f7e598531b6c"),
        ]),
        "store/category/created": .object(["type": .string("category"), "id": .number(42)]),
        "store/category/deleted": .object(["type": .string("category"), "id": .number(42)]),
        "store/category/updated": .object(["type": .string("category"), "id": .number(42)]),
        "store/customer/address/created": .object([
            "type": .string("customer"),
            "id": .number(60),
            "address": .object(["customer_id": .number(32)]),
        ]),
        "store/customer/address/deleted": .object([
            "type": .string("customer"),
            "id": .number(60),
            "address": .object(["customer_id": .number(32)]),
        ]),
        "store/customer/address/updated": .object([
            "type": .string("customer"),
            "id": .number(60),
            "address": .object(["customer_id": .number(32)]),
        ]),
        "store/customer/created": .object(["type": .string("customer"), "id": .number(32)]),
        "store/customer/deleted": .object(["type": .string("customer"), "id": .number(32)]),
        "store/customer/payment/instrument/default/updated": .object([
            "type": .string("customer"),
            "id": .number(32),
        ]),
        "store/customer/updated": .object(["type": .string("customer"), "id": .number(32)]),
        "store/information/updated": .object(["type": .string("store")]),
        "store/order/archived": .object(["type": .string("order"), "id": .number(250)]),
        "store/order/created": .object(["type": .string("order"), "id": .number(250)]),
        "store/order/message/created": .object([
            "type": .string("order"),
            "id": .number(250),
            "message": .object(["order_message_id": .number(3)]),
        ]),
        "store/order/refund/created": .object([
            "type": .string("order"),
            "id": .number(250),
            "refund": .object(["refund_id": .number(3)]),
        ]),
        "store/order/statusUpdated": .object([
            "type": .string("order"),
            "id": .number(250),
            "status": .object(["previous_status_id": .number(0), "new_status_id": .number(11)]),
        ]),
        "store/order/updated": .object(["type": .string("order"), "id": .number(250)]),
        "store/product/created": .object(["type": .string("product"), "id": .number(205)]),
        "store/product/deleted": .object(["type": .string("product"), "id": .number(205)]),
        "store/product/inventory/order/updated": .object([
            "type": .string("product"),
            "id": .number(167),
            "inventory": .object([
                "product_id": .number(167),
                "method": .string("absolute"),
                "value": .number(100000000),
            ]),
        ]),
        "store/product/inventory/updated": .object([
            "type": .string("product"),
            "id": .number(167),
            "inventory": .object([
                "product_id": .number(167),
                "method": .string("absolute"),
                "value": .number(100000000),
            ]),
        ]),
        "store/product/updated": .object(["type": .string("product"), "id": .number(205)]),
        "store/shipment/created": .object([
            "type": .string("shipment"),
            "id": .number(12),
            "orderId": .number(251),
        ]),
        "store/shipment/deleted": .object([
            "type": .string("shipment"),
            "id": .number(12),
            "orderId": .number(251),
        ]),
        "store/shipment/updated": .object([
            "type": .string("shipment"),
            "id": .number(12),
            "orderId": .number(251),
        ]),
        "store/sku/created": .object([
            "type": .string("sku"),
            "id": .number(461),
            "sku": .object(["product_id": .number(206), "variant_id": .number(509)]),
        ]),
        "store/sku/deleted": .object([
            "type": .string("sku"),
            "id": .number(461),
            "sku": .object(["product_id": .number(206), "variant_id": .number(509)]),
        ]),
        "store/sku/inventory/order/updated": .object([
            "type": .string("sku"),
            "id": .number(461),
            "inventory": .object([
                "product_id": .number(206),
                "method": .string("absolute"),
                "value": .number(5),
                "variant_id": .number(509),
            ]),
        ]),
        "store/sku/inventory/updated": .object([
            "type": .string("sku"),
            "id": .number(461),
            "inventory": .object([
                "product_id": .number(206),
                "method": .string("absolute"),
                "value": .number(5),
                "variant_id": .number(509),
            ]),
        ]),
        "store/sku/updated": .object([
            "type": .string("sku"),
            "id": .number(461),
            "sku": .object(["product_id": .number(206), "variant_id": .number(509)]),
        ]),
        "store/subscriber/created": .object(["type": .string("subscriber"), "id": .number(5)]),
        "store/subscriber/deleted": .object(["type": .string("subscriber"), "id": .number(5)]),
        "store/subscriber/updated": .object(["type": .string("subscriber"), "id": .number(5)]),
    ]
}
