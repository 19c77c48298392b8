import Parcours

/// `/parcours/ingenierie/nouvelle`: the form of a new ingénierie request, prefilled from the help request
/// (a recommendation of the ingénierie brick) it details, when it comes from one.
struct EngineeringNewPage {
    static let template = "parcours-ingenierie-nouvelle"

    let kinds: [Option]
    let topics: [Option]
    let need: String
    let helpRequestID: Int64?
    let helpTitle: String?
    let csrf: String?

    init(help: HelpRequest?, csrf: String?) {
        kinds = Option.list(EngineeringRequest.Kind.allCases, current: EngineeringRequest.Kind.journeesConseil.rawValue, value: \.rawValue, label: \.label)
        topics = Option.list(EngineeringRequest.Topic.allCases, current: nil, value: \.rawValue, label: \.label)
        helpRequestID = help?.id
        helpTitle = help.map { "\($0.rule) · \($0.title)" }
        // The recommendation's reason and the message already sent start the description of the need.
        need = help.map { [$0.title + " : " + $0.because, $0.message].filter { !$0.isEmpty }.joined(separator: "\n") } ?? ""
        self.csrf = csrf
    }
}
