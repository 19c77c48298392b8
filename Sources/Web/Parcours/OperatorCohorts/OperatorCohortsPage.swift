import Foundation
import Parcours

/// `/operateur/cohortes`: the operator's desk of formation-action calls — each call's state, applications and
/// seats taken, filtered by state — and the form that opens a new call.
struct OperatorCohortsPage {
    static let template = "operateur-cohortes"

    struct Row {
        let href: String, title: String, theme: String, deadline: String, period: String, state: String
        let applications: Int, selected: Int, capacity: Int, sessions: Int
    }

    let rows: [Row]
    let states: [Option]
    let form: CohortCallForm.Fields
    let csrf: String?

    init(calls: [CohortCall], applications: [CohortApplication], state: CohortCall.State?, csrf: String?) {
        let byCall = Dictionary(grouping: applications, by: \.callID)
        rows = calls.filter { state == nil || $0.state == state }.map { c in
            let apps = byCall[c.id] ?? []
            return Row(href: "/operateur/cohortes/\(c.id)", title: c.title, theme: c.theme, deadline: Format.date(c.deadline),
                       period: "\(Format.date(c.startsOn)) – \(Format.date(c.endsOn))", state: c.state.label, applications: apps.count,
                       selected: apps.filter { $0.state == .retenue }.count, capacity: c.capacity, sessions: c.sessions.count)
        }
        states = [Option(value: "", label: "tous")] + Option.list(CohortCall.State.allCases, current: state?.rawValue, value: \.rawValue, label: \.label)
        form = CohortCallForm.Fields(nil)
        self.csrf = csrf
    }
}

/// A call's form (new or edited), read back: the operator's words, days, seats and conditions.
struct CohortCallForm {
    let title: String, theme: String, deadline: String, startsOn: String, endsOn: String
    let capacity: Int
    let eligibility: CohortCall.Eligibility

    init(_ form: Query) throws {
        title = try EngineeringInput.limited(form["titre"] ?? "", "titre", 300)
        theme = try EngineeringInput.limited(form["theme"] ?? "", "theme", 1_000)
        (deadline, startsOn, endsOn) = ((form["date_limite"] ?? "").trimmingCharacters(in: .whitespaces),
                                        (form["debut"] ?? "").trimmingCharacters(in: .whitespaces), (form["fin"] ?? "").trimmingCharacters(in: .whitespaces))
        let places = (form["places"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let capacity = places.isEmpty ? CohortCall.defaultCapacity : Int(places) else {
            throw WebError.badRequest("Nombre de places illisible : « \(places.prefix(20)) ».")
        }
        self.capacity = capacity
        let threshold = form["population_max"]
        let max = EngineeringMove.number(threshold)
        if let threshold, !threshold.trimmingCharacters(in: .whitespaces).isEmpty, max == nil || max != max?.rounded() {
            throw WebError.badRequest("Seuil de population illisible : « \(threshold.prefix(20)) » (un nombre d'habitants).")
        }
        var levels: Set<MaturityLevel> = []
        for text in form.all("niveau") where !text.isEmpty {
            guard let level = MaturityLevel(rawValue: text) else { throw WebError.badRequest("Niveau inconnu « \(text.prefix(30)) ».") }
            levels.insert(level)
        }
        eligibility = CohortCall.Eligibility(maxPopulation: max.map { Int($0) }, levels: levels)
    }

    /// The form's fields as the template fills them: empty for a new call (10 places), the call's values when edited.
    struct Fields {
        let title: String, theme: String, deadline: String, startsOn: String, endsOn: String, capacity: Int, maxPopulation: String
        let levels: [Checkbox]

        init(_ c: CohortCall?) {
            (title, theme, deadline, startsOn, endsOn) = (c?.title ?? "", c?.theme ?? "", c?.deadline ?? "", c?.startsOn ?? "", c?.endsOn ?? "")
            capacity = c?.capacity ?? CohortCall.defaultCapacity
            maxPopulation = c?.eligibility.maxPopulation.map(String.init) ?? ""
            levels = [MaturityLevel.debutant, .intermediaire, .pionnier].map {
                Checkbox(name: $0.rawValue, label: $0.label, checked: c?.eligibility.levels.contains($0) ?? false)
            }
        }
    }
}
