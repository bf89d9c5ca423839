import HTTPTypes
import Hummingbird

/// A dashboard answer: an HTML page under a strict Content-Security-Policy, or a redirect.
enum DashboardPage {
    /// No script at all; styles only from `/dashboard/style.css`; forms post only to Hookline; never framed.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Renders `template` with `context` as a page.
    static func render(_ template: String, _ context: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = DashboardTemplates.library.render(context, withTemplate: template) ?? "template \(template) missing"
        return Response(status: status, headers: headers(contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A 303 to `location` (after a form post, or to the login page).
    static func redirect(to location: String, cookie: Cookie? = nil) -> Response {
        var fields = headers(contentType: "text/plain; charset=utf-8")
        fields[.location] = location
        var response = Response(status: .seeOther, headers: fields)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    /// The stylesheet.
    static func stylesheet() -> Response {
        var fields = headers(contentType: "text/css; charset=utf-8")
        fields[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(string: DashboardTemplates.stylesheet)))
    }

    static func headers(contentType: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.cacheControl] = "no-store"
        fields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return fields
    }
}
