import Foundation
import Hummingbird
import Logging
import NIOCore

/// The errors a request can end with, in words for the person who made it.
enum WebError: Error {
    case notFound(String)
    case badRequest(String)
    case unauthorized(String)
    case forbidden(String)
    case tooManyRequests(String)
    case conflict(String)
    /// A body larger than the limit that applied to it (forms or files), in bytes.
    case contentTooLarge(limit: Int)

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .tooManyRequests: .tooManyRequests
        case .conflict: .conflict
        case .contentTooLarge: .contentTooLarge
        }
    }

    var detail: String {
        switch self {
        case .notFound(let m), .badRequest(let m), .unauthorized(let m), .forbidden(let m), .tooManyRequests(let m), .conflict(let m): m
        case .contentTooLarge(let limit):
            "L'envoi dépasse la taille autorisée (\(limit % (1 << 20) == 0 ? "\(limit >> 20) Mio" : "\(limit >> 10) Kio"))."
        }
    }
}

/// One place that turns any error into a response: an HTML page in French for the site, an RFC 9457
/// `application/problem+json` document for the API. Unknown errors are logged and shown as a 500 without
/// internal details.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, detail) = Self.describe(error)
            if status.code >= 500 {
                context.logger.error("Erreur interne", metadata: ["error": .string(String(reflecting: error))])
            }
            var response: Response
            if request.uri.path.hasPrefix("/api/") {
                response = Self.problem(status: status, detail: detail, instance: request.uri.path)
            } else {
                let page = ErrorPage(status: Int(status.code), title: Self.title(status), detail: detail)
                response = views.page("error", page, status: status, title: page.title, sources: [])
            }
            // Headers the error carries (a 405's `Allow`) belong to the answer.
            if let error = error as? HTTPError { response.headers.append(contentsOf: error.headers) }
            // An error may quote what was sent (a cell of an imported file, an identifier): never kept by a cache,
            // whoever asked (the errors of signed-in callers do not pass back through `AuthMiddleware`).
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }

    static func describe(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let error as WebError:
            return (error.status, error.detail)
        case let error as HTTPError where error.status == .notFound:
            return (.notFound, "Aucune page ne se trouve à cette adresse.")
        case let error as HTTPError where error.status == .methodNotAllowed:
            return (.methodNotAllowed, "Cette adresse ne répond pas à cette méthode HTTP.")
        case let error as HTTPError where error.status == .contentTooLarge:
            return (.contentTooLarge, "L'envoi dépasse la taille autorisée.")
        case let error as HTTPError where error.status.code < 500:
            return (error.status, error.body ?? "La requête n'a pas pu être traitée.")
        default:
            return (.internalServerError, "Une erreur interne s'est produite. Elle a été enregistrée ; réessayez plus tard.")
        }
    }

    static func title(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "Requête incorrecte"
        case 401: "Connexion nécessaire"
        case 403: "Action refusée"
        case 413: "Envoi trop volumineux"
        case 429: "Trop de tentatives"
        case 404: "Page introuvable"
        case 405: "Méthode non autorisée"
        default: status.code >= 500 ? "Erreur du serveur" : "Requête refusée"
        }
    }

    static func problem(status: HTTPResponse.Status, detail: String, instance: String) -> Response {
        let body = Problem(type: "about:blank", title: title(status), status: Int(status.code), detail: detail, instance: instance)
        let data = (try? JSONEncoder().encode(body)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/problem+json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// RFC 9457 problem details: their member names are the RFC's, so they are not written through `APIJSON`.
private struct Problem: Encodable {
    let type: String, title: String, status: Int, detail: String, instance: String
}

struct ErrorPage {
    let status: Int
    let title: String
    let detail: String
}

/// One log line per request, after it is answered: method, path, status, duration.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        context.logger.info("\(request.method) \(request.uri.path) \(response.status.code)", metadata: [
            "durée_ms": .string(String(Double(micros) / 1000)),
        ])
        return response
    }
}
