/// What the programme tells a person on their notifications list (`/espace/notifications`): their collectivité's
/// request answered, an application selected, a session scheduled. Each account reads and marks its own.
public struct Notice: Sendable, Equatable {
    /// What is said: a title, a text (possibly empty) and the page it is about.
    public struct Content: Sendable, Equatable {
        public let title: String
        public let text: String
        public let link: String?

        public init(title: String, text: String = "", link: String? = nil) {
            // A notice is a pointer to a page, not the page: long texts (a message, an answer) are cut.
            self.title = String(title.prefix(200))
            self.text = String(text.prefix(Notice.maxText))
            self.link = link
        }
    }

    public static let maxText = 500

    public let id: Int64
    public let content: Content
    public let createdAt: Double
    public let readAt: Double?

    public init(id: Int64, content: Content, createdAt: Double, readAt: Double?) {
        self.id = id
        self.content = content
        self.createdAt = createdAt
        self.readAt = readAt
    }

    public var isRead: Bool { readAt != nil }
}

/// To whom a notice goes: every account of a collectivité (its owner text, "commune:29103"), or one account (its login).
public enum NoticeRecipient: Sendable, Equatable {
    case collectivite(String)
    case account(String)
}

/// Where notices are kept, one copy per account that receives it (each has its own read mark). An account's
/// reads and marks name its id, so another's notice is not found.
public protocol NoticeStore: Sendable {
    /// Posts `content` to the recipient's accounts (those that exist now); returns how many received it.
    @discardableResult
    func postNotice(_ content: Notice.Content, to recipient: NoticeRecipient, at: Double) async throws -> Int
    /// The account's notices, newest first.
    func notices(account: Int64, limit: Int) async throws -> [Notice]
    func unreadNoticeCount(account: Int64) async throws -> Int
    /// Marks one notice of the account read; false when the account has no such notice.
    func markNoticeRead(id: Int64, account: Int64, at: Double) async throws -> Bool
    /// Marks every unread notice of the account read; returns how many.
    @discardableResult
    func markAllNoticesRead(account: Int64, at: Double) async throws -> Int
}

/// The notices the programme's own acts post to a collectivité's accounts. The stores write them in the
/// transaction that records the act (like its audit line), so a change is never announced without happening.
extension HelpRequest {
    /// The operator's follow-up (a new status, an answer) as the collectivité reads it.
    public var followUpNotice: Notice.Content {
        Notice.Content(title: "Demande d'accompagnement n° \(id) (\(title)) : \(status.label)", text: answer, link: "/parcours/demandes")
    }
}

extension EngineeringRequest {
    /// One notice per act of the operator among `added` (a change of state, a message, a deliverable): the
    /// collectivité's own acts and the operator's internal ones (assignment, days used) post nothing.
    public func notices(for added: some Collection<Entry>) -> [Notice.Content] {
        let link = "/parcours/ingenierie/\(id)"
        let name = "Demande d'ingénierie n° \(id)"
        return added.filter { $0.actor == .operateur }.compactMap { entry in
            switch entry.kind {
            case .transition: Notice.Content(title: "\(name) : \(entry.to?.label ?? state.label)", text: entry.text, link: link)
            case .message: Notice.Content(title: "\(name) : nouveau message de l'opérateur", text: entry.text, link: link + "#fil")
            case .deliverable: Notice.Content(title: "\(name) : livrable « \(entry.text) »", text: entry.link ?? "", link: link)
            case .assignment, .consumption: nil
            }
        }
    }
}
