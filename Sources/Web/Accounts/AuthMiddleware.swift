import Accounts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Identifies the caller and protects state-changing requests:
/// - the session cookie (HttpOnly, SameSite=Lax) or an `Authorization: Bearer` API token sets the user;
/// - a POST, PUT, PATCH or DELETE made with the session cookie must carry the session's CSRF token, in the
///   form field `csrf` or the `X-CSRF-Token` header (token-authenticated calls carry no cookie, so no CSRF).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any AccountStore

    static let sessionCookie = "territoires_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
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
            let body: ByteBuffer
            do {
                // Forms and JSON are small; files (multipart forms, or a CSV or workbook sent as the body) may be large.
                let isSmall = contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.hasPrefix("application/json")
                body = try await request.collectBody(upTo: isSmall ? context.maxUploadSize : context.maxFileSize)
            } catch is NIOTooManyBytesError {
                throw HTTPError(.contentTooLarge)
            }
            if let boundary {
                let multipart = try Multipart(Array(buffer: body), boundary: boundary)
                context.form = Query(fields: multipart.fields)
                context.files = multipart.files
            } else {
                context.form = contentType.hasPrefix("application/x-www-form-urlencoded") ? try Query(String(buffer: body)) : .empty
            }
            if let session = context.session {
                let sent = context.form["csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
                guard Secrets.constantTimeEquals(sent, session.csrfToken) else {
                    throw WebError.forbidden("Jeton de sécurité du formulaire manquant ou périmé : rechargez la page et recommencez.")
                }
            }
        }
        return try await next(request, context)
    }
}
