import Accounts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Parcours

/// Identifies the caller and protects state-changing requests:
/// - the client's address is the peer's, or the last hop of `X-Forwarded-For` when the peer is the trusted proxy;
/// - the session cookie (HttpOnly, SameSite=Lax) or an `Authorization: Bearer` API token sets the user;
/// - a POST, PUT, PATCH or DELETE made with the session cookie must carry the session's CSRF token, in the
///   form field `csrf` or the `X-CSRF-Token` header (token-authenticated calls carry no cookie, so no CSRF);
/// - an answer to a signed-in caller is private: `Cache-Control: no-store` unless the handler chose its caching;
/// - the page layout learns who is looking (`Audience.current`), with the signed-in person's unread notifications
///   counted for the pages (not for the API, which has no header to show it in).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any AccountStore & NoticeStore
    let trustedProxy: String?

    static let sessionCookie = "territoires_session"
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The address the trusted proxy saw is the last one it appended; earlier ones came from the client and
    /// may be forged. From any other peer the header is ignored.
    static func clientAddress(peer: String, forwardedFor: [String], trustedProxy: String?) -> String {
        guard peer == trustedProxy,
              let last = forwardedFor.flatMap({ $0.split(separator: ",") }).last?.trimmingCharacters(in: .whitespaces),
              !last.isEmpty else { return peer }
        return last
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        context.remoteAddress = Self.clientAddress(peer: context.remoteAddress, forwardedFor: request.headers[values: Self.forwardedFor],
                                                   trustedProxy: trustedProxy)
        if let cookie = request.cookies[Self.sessionCookie]?.value,
           let session = try await store.session(tokenHash: Secrets.digest(cookie), now: Date()) {
            context.user = session.user
            context.session = session
        } else if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let user = try await store.user(forTokenHash: Secrets.digest(token), now: Date()) else {
                throw WebError.unauthorized("Jeton d'API inconnu ou révoqué.")
            }
            context.user = user
        }
        if ![.get, .head, .options].contains(request.method) {
            let contentType = request.headers[.contentType] ?? ""
            let boundary = Multipart.boundary(contentType)
            // Forms and JSON are small; files (multipart forms, or a CSV or workbook sent as the body) may be large. A
            // program using a token sends files as the body, whatever type its tool puts on them (curl's
            // --data-binary says "form"): its body is never read as a form.
            let program = context.session == nil && context.user != nil
            let isSmall = !program && (contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.hasPrefix("application/json"))
            let limit = isSmall ? context.maxUploadSize : context.maxFileSize
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: limit)
            } catch is NIOTooManyBytesError {
                throw WebError.contentTooLarge(limit: limit)
            }
            if let boundary {
                let multipart = try Multipart(Array(buffer: body), boundary: boundary)
                context.form = Query(fields: multipart.fields)
                context.files = multipart.files
            } else {
                context.form = !program && contentType.hasPrefix("application/x-www-form-urlencoded") ? try Query(String(buffer: body)) : .empty
            }
            if let session = context.session {
                let sent = context.form["csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
                guard Secrets.constantTimeEquals(sent, session.csrfToken) else {
                    throw WebError.forbidden("Jeton de sécurité du formulaire manquant ou périmé : rechargez la page et recommencez.")
                }
            }
        }
        var unread: Int?
        if let user = context.user, !request.uri.path.hasPrefix("/api/") { unread = try await store.unreadNoticeCount(account: user.id) }
        var response = try await Audience.$current.withValue(Audience(context.user, unreadNotices: unread)) { try await next(request, context) }
        if context.user != nil, response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// Behind TLS, browsers are told to come back over HTTPS only (one year), so a later plain-HTTP link cannot
/// expose the session cookie.
struct StrictTransportSecurityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let header = HTTPField.Name("Strict-Transport-Security")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[Self.header] = "max-age=31536000"
        return response
    }
}
