extension ScopeCatalog {
    /// Every concrete event scope BigCommerce documents, as data. The list is the union of
    /// the callback keys in BigCommerce's Webhooks v3 reference (`callbacks/_all.yml`) and
    /// the scopes tabulated in BigCommerce's developer docs: "Webhook Events",
    /// "Channel Webhooks", "Inventory and Location Webhooks" and "B2B Edition Webhooks".
    /// Wildcard subscriptions (`…/*`) are not listed here; they are resolved against this
    /// list by the matcher. Trailing slashes that appear in some doc tables
    /// (e.g. `store/priceList/updated/`) have been normalised away.
    ///
    /// Channel scopes carry the placeholder `{channel_id}` where BigCommerce puts a numeric channel id.
    public static let bigCommerceScopes: [String] = [
        // Sources, by group:
        // - Brands … Subscribers: every top-level key of the Webhooks v3 callbacks reference
        //   (`callbacks/_all.yml`), verbatim, in its order. The store/channel/created|updated,
        //   store/product/inventory/*, store/sku/inventory/* schemas of `webhooks.v3.yml` and
        //   `webhooks.v3.2024-05.yml` are covered by these or by the channel group below.
        // - Documented events not in _all.yml: the "Webhook Events" page (delivery exception
        //   hooks, orders, price lists, price list assignments sections).
        // - Channels: the "Channel Webhooks" page (channel events, carts, cart line items,
        //   categories, category trees, emails, notifications, orders, pages, product
        //   assignments, routes, scripts, settings, sites, social media links, themes).
        // - Inventory: the "Inventory and Location Webhooks" page. BigCommerce writes these
        //   as `store/channel/*/inventory/product/…` (the `*` means any storefront channel);
        //   here the channel position carries `{channel_id}` like every channel scope, so the
        //   documented `*` form is accepted by the channel-wildcard rule. Location and
        //   location-metafield scopes are already in the _all.yml group.
        // - B2B Edition: the "B2B Edition Webhooks" page (companies, company users, company
        //   addresses, super admins, quotes).

        // Apps
        "store/app/uninstalled",

        // Brands
        "store/brand/metafield/created",
        "store/brand/metafield/deleted",
        "store/brand/metafield/updated",

        // Carts
        "store/cart/abandoned",
        "store/cart/converted",
        "store/cart/couponApplied",
        "store/cart/created",
        "store/cart/deleted",
        "store/cart/lineItem/created",
        "store/cart/lineItem/deleted",
        "store/cart/lineItem/updated",
        "store/cart/metafield/created",
        "store/cart/metafield/deleted",
        "store/cart/metafield/updated",
        "store/cart/updated",

        // Categories
        "store/category/created",
        "store/category/deleted",
        "store/category/updated",
        "store/category/metafield/created",
        "store/category/metafield/deleted",
        "store/category/metafield/updated",

        // Channel metafields
        "store/channel/metafield/created",
        "store/channel/metafield/deleted",
        "store/channel/metafield/updated",

        // Customers
        "store/customer/address/created",
        "store/customer/address/deleted",
        "store/customer/address/updated",
        "store/customer/channel/login/access/updated",
        "store/customer/created",
        "store/customer/deleted",
        "store/customer/payment/instrument/default/updated",
        "store/customer/updated",

        // Store information
        "store/information/updated",

        // Inventory locations
        "store/inventory/location/created",
        "store/inventory/location/updated",
        "store/inventory/location/metafield/created",
        "store/inventory/location/metafield/deleted",
        "store/inventory/location/metafield/updated",

        // Metafields (any resource)
        "store/metafield/created",
        "store/metafield/deleted",
        "store/metafield/updated",

        // Modifiers and options
        "store/modifier/updated",
        "store/option/updated",

        // Orders
        "store/order/archived",
        "store/order/created",
        "store/order/message/created",
        "store/order/metafield/created",
        "store/order/metafield/deleted",
        "store/order/metafield/updated",
        "store/order/refund/created",
        "store/order/statusUpdated",
        "store/order/transaction/created",
        "store/order/updated",

        // Price lists
        "store/priceList/activated",
        "store/priceList/assignment/updated",
        "store/priceList/created",
        "store/priceList/deactivated",
        "store/priceList/record/created",
        "store/priceList/record/deleted",
        "store/priceList/record/updated",
        "store/priceList/records/created",
        "store/priceList/records/deleted",
        "store/priceList/records/updated",

        // Products
        "store/product/created",
        "store/product/deleted",
        "store/product/inventory/order/updated",
        "store/product/inventory/updated",
        "store/product/metafield/created",
        "store/product/metafield/deleted",
        "store/product/metafield/updated",
        "store/product/updated",
        "store/product/variant/metafield/created",
        "store/product/variant/metafield/deleted",
        "store/product/variant/metafield/updated",

        // Redirects
        "store/redirects/updated",

        // Shipments
        "store/shipment/created",
        "store/shipment/deleted",
        "store/shipment/updated",

        // SKUs
        "store/sku/created",
        "store/sku/deleted",
        "store/sku/inventory/order/updated",
        "store/sku/inventory/updated",
        "store/sku/updated",

        // Store metafields
        "store/store/metafield/created",
        "store/store/metafield/deleted",
        "store/store/metafield/updated",

        // Subscribers
        "store/subscriber/created",
        "store/subscriber/deleted",
        "store/subscriber/updated",

        // Documented events not in _all.yml ("Webhook Events" page)
        "store/hook/deliveryException",
        "store/order/transaction/updated",
        "store/priceList/updated",
        "store/priceList/deleted",
        "store/priceLists/deleted",
        "store/priceList/assignment/deleted",

        // Channels
        "store/channel/created",
        "store/channel/updated",

        // Channel carts
        "store/channel/{channel_id}/cart/created",
        "store/channel/{channel_id}/cart/updated",
        "store/channel/{channel_id}/cart/deleted",
        "store/channel/{channel_id}/cart/couponApplied",
        "store/channel/{channel_id}/cart/abandoned",
        "store/channel/{channel_id}/cart/converted",

        // Channel cart line items
        "store/channel/{channel_id}/cart/lineItem/created",
        "store/channel/{channel_id}/cart/lineItem/updated",
        "store/channel/{channel_id}/cart/lineItem/deleted",

        // Channel categories and category trees
        "store/channel/{channel_id}/category/created",
        "store/channel/{channel_id}/category/updated",
        "store/channel/{channel_id}/category/deleted",
        "store/channel/{channel_id}/categoryTree/updated",

        // Channel emails
        "store/channel/{channel_id}/settings/emailStatus/updated",
        "store/channel/{channel_id}/settings/emailStatus/deleted",
        "store/channel/{channel_id}/email/templates/updated",
        "store/channel/{channel_id}/email/templates/deleted",

        // Channel notifications
        "store/channel/{channel_id}/notifications/abandonedCart/updated",
        "store/channel/{channel_id}/notifications/inventory/updated",

        // Channel orders
        "store/channel/{channel_id}/order/created",
        "store/channel/{channel_id}/order/updated",
        "store/channel/{channel_id}/order/archived",
        "store/channel/{channel_id}/order/statusUpdated",
        "store/channel/{channel_id}/order/message/created",
        "store/channel/{channel_id}/order/refund/created",

        // Channel pages
        "store/channel/{channel_id}/page/created",
        "store/channel/{channel_id}/page/updated",

        // Channel product assignments
        "store/channel/{channel_id}/product/assigned",
        "store/channel/{channel_id}/product/unassigned",
        "store/channel/{channel_id}/category/product/assigned",
        "store/channel/{channel_id}/category/product/unassigned",

        // Channel routes
        "store/channel/{channel_id}/settings/route/updated",

        // Channel scripts
        "store/channel/{channel_id}/script/created",
        "store/channel/{channel_id}/script/updated",

        // Channel settings
        "store/channel/{channel_id}/settings/currency/updated",
        "store/channel/{channel_id}/settings/profile/updated",
        "store/channel/{channel_id}/settings/locale/added",
        "store/channel/{channel_id}/settings/locale/updated",
        "store/channel/{channel_id}/settings/locale/deleted",
        "store/channel/{channel_id}/settings/logo/updated",
        "store/channel/{channel_id}/settings/logo/image/updated",
        "store/channel/{channel_id}/settings/favicon/image/updated",
        "store/channel/{channel_id}/settings/checkout/updated",
        "store/channel/{channel_id}/settings/SEO/updated",
        "store/channel/{channel_id}/settings/robots/updated",
        "store/channel/{channel_id}/settings/category/updated",
        "store/channel/{channel_id}/settings/product/updated",
        "store/channel/{channel_id}/settings/catalog/updated",
        "store/channel/{channel_id}/settings/security/updated",
        "store/channel/{channel_id}/settings/searchContextFilters/updated",
        "store/channel/{channel_id}/settings/defaultCustomerGroup/updated",
        "store/channel/{channel_id}/settings/customerPrivacy/updated",

        // Channel sites
        "store/channel/{channel_id}/settings/site/updated",
        "store/channel/{channel_id}/settings/site/checkoutUrl/updated",
        "store/channel/{channel_id}/settings/site/checkoutUrl/deleted",

        // Channel social media links
        "store/channel/{channel_id}/socialMediaLinks/updated",

        // Channel themes
        "store/channel/{channel_id}/theme/configuration/created",
        "store/channel/{channel_id}/theme/configuration/activated",

        // Inventory (documented as store/channel/*/inventory/product/…)
        "store/channel/{channel_id}/inventory/product/stock_changed",
        "store/channel/{channel_id}/inventory/product/low_stock_reached",
        "store/channel/{channel_id}/inventory/product/out_of_stock_reached",
        "store/channel/{channel_id}/inventory/product/settings_changed",

        // B2B Edition: companies
        "store/company/created",
        "store/company/updated",
        "store/company/deleted",
        "store/company/statusUpdated",
        "store/company/superadmin/assignmentUpdated",

        // B2B Edition: company users
        "store/company/user/created",
        "store/company/user/updated",
        "store/company/user/deleted",

        // B2B Edition: company addresses
        "store/company/address/created",
        "store/company/address/updated",
        "store/company/address/deleted",

        // B2B Edition: super admins
        "store/superadmin/created",
        "store/superadmin/updated",
        "store/superadmin/deleted",
        "store/superadmin/assignmentUpdated",

        // B2B Edition: quotes
        "store/quote/created",
        "store/quote/updated",
        "store/quote/statusUpdated",
        "store/quote/deleted",
    ]
}
