import Foundation
import Parcours

/// A signed-in person's notifications (`/espace/notifications`): newest first, the unread ones marked in words.
struct NotificationsPage {
    static let template = "espace-notifications"
    /// The list shows the latest ones; older notices stay in the database.
    static let limit = 200

    struct Item {
        let id: Int64
        let title: String
        let text: String
        let link: String?
        let date: String
        let unread: Bool
    }

    let items: [Item]
    let hasUnread: Bool
    let unreadLabel: String
    let hasItems: Bool
    let csrf: String?

    init(_ notices: [Notice], unread: Int, csrf: String?) {
        items = notices.map {
            Item(id: $0.id, title: $0.content.title, text: $0.content.text, link: $0.content.link,
                 date: Format.dateTime(Date(timeIntervalSince1970: $0.createdAt)), unread: !$0.isRead)
        }
        hasUnread = unread > 0
        unreadLabel = unread == 0 ? "Tout est lu." : unread == 1 ? "1 notification non lue." : "\(unread) notifications non lues."
        hasItems = !items.isEmpty
        self.csrf = csrf
    }
}

/// A notice in the API (`/api/v1/moi/notifications`).
struct NoticeDTO: Encodable {
    let id: Int64
    let titre: String
    let texte: String
    let lien: String?
    let cree_le: Date
    let lue_le: Date?

    init(_ notice: Notice) {
        id = notice.id
        titre = notice.content.title
        texte = notice.content.text
        lien = notice.content.link
        cree_le = Date(timeIntervalSince1970: notice.createdAt)
        lue_le = notice.readAt.map { Date(timeIntervalSince1970: $0) }
    }
}

/// The caller's notifications and how many are unread.
struct NoticesDTO: Encodable {
    let non_lues: Int
    let notifications: [NoticeDTO]
}
