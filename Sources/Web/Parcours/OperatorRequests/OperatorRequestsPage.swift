import Parcours
import Referential

/// `/operateur/demandes`: every collectivité's help requests, the open ones counted, each with its follow-up form.
struct OperatorRequestsPage {
    static let template = "operateur-demandes"

    let requests: [RequestView]
    let hasRequests: Bool
    let openCount: Int
    let csrf: String?

    init(_ requests: [HelpRequest], referential: Referential, csrf: String?) {
        self.requests = requests.map { RequestView($0, referential: referential) }
        hasRequests = !requests.isEmpty
        openCount = requests.filter(\.isOpen).count
        self.csrf = csrf
    }
}
