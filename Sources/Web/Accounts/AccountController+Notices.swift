import Accounts
import Foundation
import Hummingbird
import Parcours

/// A signed-in person's notifications: the list in their space and in the API, marked read one by one or all
/// at once. Every store call names the caller's account, so another's notice is a 404.
extension AccountController {
    func registerNotices(on router: Router<AppRequestContext>) {
        let members = router.group().add(middleware: Access(.signedIn, message: "Connectez-vous pour lire vos notifications."))
        members.get("/espace/notifications", use: notices)
        members.post("/espace/notifications/lues", use: markAllNoticesRead)
        members.post("/espace/notifications/{id}/lue", use: markNoticeRead)
        members.get("/api/v1/moi/notifications", use: apiNotices)
        members.post("/api/v1/moi/notifications/lues", use: apiMarkAllNoticesRead)
        members.post("/api/v1/moi/notifications/{id}/lue", use: apiMarkNoticeRead)
    }

    private static var now: Double { Date().timeIntervalSince1970 }

    private func noticeID(_ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw WebError.notFound("Aucune notification de ce numéro.") }
        return id
    }

    /// Marks one of the caller's notices read; another's, or none, is a 404.
    private func markRead(_ context: AppRequestContext) async throws {
        guard try await store.markNoticeRead(id: try noticeID(context), account: try context.signedIn.id, at: Self.now) else {
            throw WebError.notFound("Aucune notification de ce numéro.")
        }
    }

    @Sendable func notices(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let model = NotificationsPage(try await store.notices(account: user.id, limit: NotificationsPage.limit),
                                      unread: try await store.unreadNoticeCount(account: user.id), csrf: context.session?.csrfToken)
        return views.page(NotificationsPage.template, model, title: "Mes notifications", breadcrumbs: [Link.home, Link(label: "Mon espace", href: "/espace")],
                          sources: [])
    }

    @Sendable func markAllNoticesRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await store.markAllNoticesRead(account: try context.signedIn.id, at: Self.now)
        return .redirect(to: "/espace/notifications", type: .normal)
    }

    @Sendable func markNoticeRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await markRead(context)
        return .redirect(to: "/espace/notifications", type: .normal)
    }

    @Sendable func apiNotices(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        return try .json(NoticesDTO(non_lues: try await store.unreadNoticeCount(account: user.id),
                                    notifications: try await store.notices(account: user.id, limit: NotificationsPage.limit).map(NoticeDTO.init)))
    }

    @Sendable func apiMarkAllNoticesRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await store.markAllNoticesRead(account: try context.signedIn.id, at: Self.now)
        return Response(status: .noContent)
    }

    @Sendable func apiMarkNoticeRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await markRead(context)
        return Response(status: .noContent)
    }
}
