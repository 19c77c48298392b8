import Accounts
import Parcours
import Referential
import Storage

/// TEST DATA, hand-made — never real: a formation-action cohort of ten pairs over the fixture collectivités (and
/// Quimper, added here to make ten), with three sessions, attendance on two of them, and milestones whose counts are
/// written out below so the tests can state their expected values by hand.
public enum CohortTestData {
    /// The fixture referential with Quimper (population made up), the tenth collectivité of the cohort.
    public static var referential: Referential {
        Referential(regions: Fixtures.regions, departements: Fixtures.departements, epcis: Fixtures.epcis,
                    communes: Fixtures.communes + [Fixtures.commune("29232", "Quimper", dep: "29", reg: "53", epci: nil, population: 63_000)])
    }

    /// Each collectivité, its use case (catalogue id, or its own words) and its milestones' statuses (cadrage, accès
    /// aux données, prototype, restitution). Milestones done: 4+3+3+2+2+1+1+4+0+0 = 20 of 40.
    public static let projects: [(owner: String, useCase: String?, own: String, statuses: [CohortApplication.MilestoneStatus])] = [
        ("commune:29019", "tableaux-de-bord-internes", "", [.fait, .fait, .fait, .fait]),
        ("commune:29075", "suivi-energie-eclairage", "", [.fait, .fait, .fait, .enCours]),
        ("commune:29103", "vacance-commerciale", "", [.fait, .fait, .fait, .aFaire]),
        ("commune:29083", nil, "Suivre la fréquentation des traversées vers l'île", [.fait, .fait, .enCours, .aFaire]),
        ("commune:42218", "ilots-chaleur", "", [.fait, .fait, .bloque, .aFaire]),
        ("commune:42279", "budget", "", [.fait, .enCours, .aFaire, .aFaire]),
        ("commune:29232", "stationnement", "", [.fait, .bloque, .aFaire, .aFaire]),
        ("epci:242900314", "tournees-dechets", "", [.fait, .fait, .fait, .fait]),
        ("epci:200000001", "mobilite-rurale", "", [.enCours, .aFaire, .aFaire, .aFaire]),
        ("epci:244200770", "pilotage-pcaet", "", [.aFaire, .aFaire, .aFaire, .aFaire]),
    ]

    /// The pair's logins of a collectivité: `metier.<code>` and `donnees.<code>` (the code after « commune: » or « epci: »).
    public static func pair(_ owner: String) -> (metier: String, donnees: String) {
        let code = owner.split(separator: ":").last.map(String.init) ?? owner
        return ("metier.\(code)", "donnees.\(code)")
    }

    /// The call's title says what it is wherever it is shown.
    public static let title = "Cohorte d'essai (données de test)"

    /// An in-memory store with the fixture accounts, the twenty accounts of the pairs (referents, password
    /// `Fixtures.password`) and the cohort: every application selected, sessions 1 and 2 recorded (everyone
    /// present except donnees.29083 excused at the first, metier.42279 absent at the second), milestones as listed.
    public static func store() async throws -> (SQLiteStore, CohortCall) {
        let store = try SQLiteStore.inMemory()
        try await store.replaceReferential(referential, townHalls: Fixtures.townHalls, shapes: Fixtures.shapes, sources: Fixtures.sources, fingerprint: "fixtures")
        try await Fixtures.createAccounts(in: store)
        let hash = Secrets(cost: 4).hashPassword(Fixtures.password)
        for p in projects {
            let (metier, donnees) = pair(p.owner)
            for login in [metier, donnees] {
                _ = try await store.createUser(login: login, name: login.hasPrefix("metier") ? "Référent métier \(login.dropFirst(7))" : "Référente données \(login.dropFirst(8))",
                                               owner: Owner(p.owner)!, role: .referent, passwordHash: hash, actor: "fixtures")
            }
        }
        let cohorts = Cohorts(store: store, now: { 1_780_000_000 })
        var call = try await cohorts.open(CohortCall(title: title, theme: "Tableaux de bord et indicateurs clés", deadline: "2027-02-28", startsOn: "2027-03-15",
                                                     endsOn: "2027-10-15", eligibility: .init(maxPopulation: 200_000), createdAt: 1_780_000_000), by: "operateur")
        for p in projects {
            let (metier, donnees) = pair(p.owner)
            let owner = Owner(p.owner)!
            let population: Int? = switch owner {
            case .commune(let code): referential.commune(code)?.population
            case .epci(let siren): referential.epci(siren)?.population
            case .operateur: nil
            }
            let viewer = Cohorts.Viewer.collectivite(owner: p.owner, login: metier, canWrite: true)
            let applied = try await cohorts.apply(to: call.id, as: viewer, population: population, level: nil, members: [metier, donnees], metier: metier,
                                                  donnees: donnees, useCaseID: p.useCase, ownUseCase: p.own, motivation: "Données de test : motivation de \(p.owner).")
            _ = try await cohorts.decide(applied.id, .retenue, reason: "", as: .operateur(login: "operateur"))
            for (milestone, status) in zip(CohortApplication.Milestone.allCases, p.statuses) where status != .aFaire {
                let evidence = status == .fait ? "https://exemple.fr/cohorte-essai/\(owner.description.split(separator: ":")[1])/\(milestone.rawValue).pdf" : ""
                _ = try await cohorts.update(applied.id, milestone, status: status, evidence: evidence, comment: "Point d'étape (données de test)", as: viewer)
            }
        }
        call = try await cohorts.schedule(call.id, day: "2027-03-15", topic: "Lancement", place: "Hub des Territoires, Paris", mode: .presentiel, by: "operateur")
        call = try await cohorts.schedule(call.id, day: "2027-03-22", topic: "Cadrer son cas d'usage", place: "", mode: .visio, by: "operateur")
        call = try await cohorts.schedule(call.id, day: "2027-04-05", topic: "Accéder aux données", place: "", mode: .visio, by: "operateur")
        let everyone = projects.flatMap { [pair($0.owner).metier, pair($0.owner).donnees] }
        var first = Dictionary(uniqueKeysWithValues: everyone.map { ($0, CohortCall.Presence.present) }), second = first
        first["donnees.29083"] = .excuse
        second["metier.42279"] = .absent
        call = try await cohorts.record(call.id, session: 1, first, by: "operateur")
        call = try await cohorts.record(call.id, session: 2, second, by: "operateur")
        return (store, call)
    }
}
