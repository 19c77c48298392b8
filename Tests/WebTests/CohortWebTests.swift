import Foundation
import Parcours
import TestSupport
import Testing
@testable import Web

/// Formation-action cohorts through HTTP: the operator's call, a collectivité's application with its pair, the
/// selection, sessions and milestones, the restitution's visibility, the exports, and the ten-pair test cohort.
@Suite struct CohortWebTests {
    static func signIn(_ server: LiveServer, _ login: String) async throws -> (LiveServer.Client, String) {
        try await EngineeringWebTests.signIn(server, login)
    }

    static func call(_ title: String, threshold: String = "200000") -> [String: String] {
        ["titre": title, "theme": "Tableaux de bord", "date_limite": "2027-02-28", "debut": "2027-03-15", "fin": "2027-10-15", "places": "", "population_max": threshold]
    }

    @Test func aCallIsOpenedAppliedToSelectedAndFollowed() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let (op, opCsrf) = try await Self.signIn(server, "operateur")
            let (brest, csrf) = try await Self.signIn(server, "agent.brest")
            // The operator opens a call; days out of order are refused in French, nothing is recorded.
            var bad = Self.call("Mobiliser la data")
            bad["fin"] = "2027-03-01"
            let refused = try await op.post("/operateur/cohortes", form: bad.merging(["csrf": opCsrf]) { a, _ in a })
            #expect(refused.status == 400 && refused.text.contains("Les dates se suivent : la clôture des candidatures, puis le début, puis la fin de la formation-action."))
            #expect(try await store.cohortCalls().isEmpty)
            let opened = try await op.post("/operateur/cohortes", form: Self.call("Mobiliser la data").merging(["csrf": opCsrf, "niveau": ""]) { a, _ in a })
            let id = try #require(opened.url.flatMap { Int64($0.lastPathComponent) })
            #expect(opened.text.contains("<strong>0</strong> candidature(s) retenue(s) sur 10 places."))
            // Before that call, Brest is eligible to every open call: no sentence about the others.
            #expect(!(try await brest.get("/parcours/cohortes").text.contains("id=\"non-eligibles\"")))
            // A second call for communes under 100,000 inhabitants: Brest (139,619) does not see it and cannot apply.
            let small = try #require(try await op.post("/operateur/cohortes", form: Self.call("Petites communes", threshold: "100 000")
                .merging(["csrf": opCsrf]) { a, _ in a }).url.flatMap { Int64($0.lastPathComponent) })
            let list = try await brest.get("/parcours/cohortes").text
            #expect(list.contains("id=\"appel-\(id)\"") && !list.contains("id=\"appel-\(small)\""))
            #expect(list.contains("1 autre(s) appel(s) ouvert(s) dont votre collectivité ne remplit pas les conditions"))
            let pair = ["csrf": csrf, "referent_metier": "agent.brest", "referent_donnees": "elu.brest", "cas_usage_catalogue": "budget", "motivation": "Ouvrir le budget"]
            let notEligible = try await brest.post("/parcours/cohortes/appels/\(small)/candidature", form: pair)
            #expect(notEligible.status == 403 && notEligible.text.contains("Votre collectivité ne remplit pas les conditions de cet appel (moins de 100\u{202F}000 habitants)."))
            // The pair is two accounts of Brest: Landerneau's agent is refused with the reason.
            var foreign = pair
            foreign["referent_donnees"] = "agent.landerneau"
            let stranger = try await brest.post("/parcours/cohortes/appels/\(id)/candidature", form: foreign)
            #expect(stranger.status == 400)
            #expect(stranger.text.contains("« agent.landerneau » n&#39;est pas un compte de votre collectivité : les deux personnes du binôme en font partie."))
            // The form offers Brest's own accounts only.
            let form = try await brest.get("/parcours/cohortes/appels/\(id)/candidature").text
            #expect(form.contains("value=\"elu.brest\"") && !form.contains("value=\"agent.landerneau\""))
            let applied = try await brest.post("/parcours/cohortes/appels/\(id)/candidature", form: pair)
            let project = try #require(applied.url.flatMap { Int64($0.lastPathComponent) })
            #expect(applied.url?.path == "/parcours/cohortes/projets/\(project)" && applied.text.contains("<span id=\"etat\">déposée</span>"))
            #expect(applied.text.contains("<dd id=\"cas-usage\">Ouvrir et visualiser le budget</dd>"))
            #expect(applied.text.contains("Aucune décision à prendre de votre côté.") == false && applied.text.contains("Retirer la candidature</button>"))
            #expect(try await brest.post("/parcours/cohortes/appels/\(id)/candidature", form: pair).status == 409)
            // Another collectivité: not found, neither the page, nor an update, nor the API; its list does not show it.
            let (landerneau, csrfL) = try await Self.signIn(server, "agent.landerneau")
            #expect(try await landerneau.get("/parcours/cohortes/projets/\(project)").status == 404)
            #expect(try await landerneau.post("/parcours/cohortes/projets/\(project)/jalons", form: ["csrf": csrfL, "jalon": "cadrage", "statut": "en_cours"]).status == 404)
            #expect(try await landerneau.get("/api/v1/cohortes/projets/\(project)").status == 404)
            #expect(try await landerneau.get("/api/v1/cohortes/candidatures").text == "[]")
            // Only the operator selects; then the pair follows its milestones.
            let notYours = try await brest.post("/parcours/cohortes/projets/\(project)/decision", form: ["csrf": csrf, "etat": "retenue"])
            #expect(notYours.status == 403 && notYours.text.contains("Seul l&#39;opérateur du programme décide qu&#39;une candidature est retenue."))
            #expect(try await op.get("/operateur/cohortes/\(id)?etat=deposee").text.contains("agent.brest (métier), elu.brest (données)"))
            let selected = try await op.post("/parcours/cohortes/projets/\(project)/decision", form: ["csrf": opCsrf, "etat": "retenue"])
            #expect(selected.text.contains("<span id=\"etat\">retenue</span>"))
            // The call's form: never fewer places than projects selected; the edit is kept.
            let fewer = try await op.post("/operateur/cohortes/\(id)", form: Self.call("Mobiliser la data").merging(["csrf": opCsrf, "places": "0"]) { _, b in b })
            #expect(fewer.status == 409 && fewer.text.contains("Le nombre de places ne peut pas descendre sous les 1 candidatures déjà retenues."))
            let edited = try await op.post("/operateur/cohortes/\(id)", form: Self.call("Mobiliser la data, cohorte 1").merging(["csrf": opCsrf, "places": "12"]) { _, b in b })
            #expect(edited.text.contains("<h1>Mobiliser la data, cohorte 1</h1>") && edited.text.contains("<strong>1</strong> candidature(s) retenue(s) sur 12 places."))
            // Brest's form now leads to its application.
            #expect(try await brest.get("/parcours/cohortes/appels/\(id)/candidature").url?.path == "/parcours/cohortes/projets/\(project)")
            let noEvidence = try await brest.post("/parcours/cohortes/projets/\(project)/jalons", form: ["csrf": csrf, "jalon": "cadrage", "statut": "fait"])
            #expect(noEvidence.status == 400 && noEvidence.text.contains("Pour déclarer « Cadrage » fait, donnez une preuve : un texte ou un lien."))
            let done = try await brest.post("/parcours/cohortes/projets/\(project)/jalons",
                                            form: ["csrf": csrf, "jalon": "cadrage", "statut": "fait", "preuve": "https://exemple.fr/cadrage.pdf", "commentaire": "Validé en comité"])
            #expect(done.text.contains("<a href=\"https://exemple.fr/cadrage.pdf\">") && done.text.contains("Validé en comité"))
            // Evidence is shown where there is some: one « Preuve » line, for the cadrage only.
            #expect(done.text.components(separatedBy: "<p>Preuve :").count - 1 == 1)
            // A session, and Brest's pair's attendance.
            _ = try await op.post("/operateur/cohortes/\(id)/seances", form: ["csrf": opCsrf, "date": "2027-03-15", "theme": "Lancement", "mode": "presentiel", "lieu": "Paris"])
            let recorded = try await op.post("/operateur/cohortes/\(id)/seances/1/presences", form: ["csrf": opCsrf, "presence.agent.brest": "present", "presence.elu.brest": "excuse"])
            #expect(recorded.text.contains("présences saisies : 2 sur 2"))
            let followed = try await brest.get("/parcours/cohortes/projets/\(project)").text
            #expect(followed.contains("agent.brest : présent<br>elu.brest : excusé<br>"))
            // The restitution: the operator and the cohort's collectivité before publication, everyone after.
            let restitution = "/parcours/cohortes/\(id)/restitution"
            #expect(try await server.get(restitution).status == 404)
            #expect(try await landerneau.get(restitution).status == 404)
            #expect(try await brest.get(restitution).text.contains("Restitution non publiée"))
            _ = try await op.post("/operateur/cohortes/\(id)/etat", form: ["csrf": opCsrf, "action": "publier"])
            let published = try await server.get(restitution)
            #expect(published.status == 200 && !published.text.contains("Restitution non publiée"))
            #expect(published.text.contains("Jalons atteints : <strong>1</strong> sur 4"))
            // Closing the call ends the applications; the public API lists open calls only.
            _ = try await op.post("/operateur/cohortes/\(id)/etat", form: ["csrf": opCsrf, "action": "clore"])
            let calls = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/cohortes/appels").body) as? [[String: Any]]
            #expect(calls?.map { $0["titre"] as? String } == ["Petites communes"])
            #expect(try await store.auditLog(limit: 50).filter { $0.action.hasPrefix("cohorte.") }.count == 10)
        }
    }

    /// The ten-pair test cohort (`CohortTestData`): its restitution and its exports, values counted by hand from the
    /// fixture's table: 20 milestones done of 40, 20 participants, 60 presence lines (38 présent, 1 absent, 1 excusé, 20 non saisi).
    @Test func aCohortOfTenPairsHasItsRestitutionAndExports() async throws {
        let (store, call) = try await CohortTestData.store()
        let site = try await Site(referential: try await store.referential(), store: store)
        try await LiveServer.with(site) { server in
            let (op, _) = try await Self.signIn(server, "operateur")
            let page = try await op.get("/parcours/cohortes/\(call.id)/restitution").text
            #expect(page.contains("<h1>Restitution : Cohorte d&#39;essai (données de test)</h1>"))
            #expect(page.contains("10 projet(s) · 3 séance(s)"))
            #expect(page.contains("Jalons atteints : <strong>20</strong> sur 40"))
            #expect(page.components(separatedBy: "<article class=\"projet-restitution\">").count - 1 == 10)
            #expect(page.components(separatedBy: "<a href=\"https://exemple.fr/cohorte-essai/").count - 1 == 20)
            #expect(page.components(separatedBy: "4 jalon(s) sur 4").count - 1 == 2)
            #expect(page.contains("Suivre la fréquentation des traversées vers l&#39;île"))

            let participants = try await op.get("/operateur/cohortes/\(call.id)/participants.csv")
            #expect(participants.contentType.hasPrefix("text/csv"))
            let lines = participants.text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 21)
            #expect(lines[0] == "\u{FEFF}collectivite;code;role_binome;identifiant;nom;cas_usage;candidature_deposee_le")
            #expect(lines.contains("Île-de-Sein (29083);commune:29083;référent données;donnees.29083;Référente données 29083;Suivre la fréquentation des traversées vers l'île;28/05/2026"))
            #expect(lines.contains("Brest Métropole;epci:242900314;référent métier;metier.242900314;Référent métier 242900314;Optimiser les tournées de collecte des déchets;28/05/2026"))

            let presences = try await op.get("/operateur/cohortes/\(call.id)/presences.csv").text.split(separator: "\r\n").dropFirst()
            #expect(presences.count == 60)
            #expect(["présent": 38, "absent": 1, "excusé": 1, "non saisi": 20] == Dictionary(grouping: presences, by: { String($0.split(separator: ";").last!) }).mapValues(\.count))
            #expect(presences.contains("15/03/2027;Lancement;en présentiel, Hub des Territoires, Paris;Île-de-Sein (29083);commune:29083;référent données;donnees.29083;Référente données 29083;excusé"))

            let progress = try await op.get("/operateur/cohortes/\(call.id)/avancement.csv").text.split(separator: "\r\n").map(String.init)
            #expect(progress.count == 11)
            #expect(progress.contains("Saint-Étienne (42218);commune:42218;Mesurer les îlots de chaleur urbains;fait;https://exemple.fr/cohorte-essai/42218/cadrage.pdf;fait;https://exemple.fr/cohorte-essai/42218/acces_donnees.pdf;bloqué;;à faire;;2"))

            // A référent of the cohort reads the draft restitution and its own project, never another collectivité's.
            let (referent, _) = try await Self.signIn(server, "metier.29103")
            #expect(try await referent.get("/parcours/cohortes/\(call.id)/restitution").status == 200)
            let brest = try #require(try await store.cohortApplications(callID: call.id, owner: "commune:29019").first)
            let own = try #require(try await store.cohortApplications(callID: call.id, owner: "commune:29103").first)
            #expect(try await referent.get("/parcours/cohortes/projets/\(brest.id)").status == 404)
            #expect(try await referent.get("/parcours/cohortes/projets/\(own.id)").text.contains("Projet de Landerneau (29103) : Cohorte d&#39;essai (données de test)"))
            #expect(try await referent.get("/operateur/cohortes/\(call.id)/participants.csv").status == 404)
            #expect(try await server.get("/parcours/cohortes/\(call.id)/restitution").status == 404)
        }
    }
}

/// The cohort's notices: the pair is told of the operator's decision and of a session, in its header and its list;
/// another collectivité's agent is not.
@Suite struct CohortNoticeTests {
    @Test func thePairIsToldOfTheDecisionAndTheSession() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let cohorts = Cohorts(store: store)
            let brest = Cohorts.Viewer.collectivite(owner: "commune:29019", login: "agent.brest", canWrite: true)
            let call = try await cohorts.open(CohortCall(title: "Mobiliser la data", theme: "Tableaux de bord", deadline: "2027-02-28", startsOn: "2027-03-15",
                                                         endsOn: "2027-10-15", eligibility: .init(maxPopulation: 200_000), createdAt: 1_000), by: "operateur")
            let project = try await cohorts.apply(to: call.id, as: brest, population: 139_619, level: nil, members: ["agent.brest", "elu.brest"],
                                                  metier: "agent.brest", donnees: "elu.brest", useCaseID: "budget", ownUseCase: "", motivation: "Ouvrir le budget")
            _ = try await cohorts.decide(project.id, .retenue, reason: "", as: .operateur(login: "operateur"))
            _ = try await cohorts.schedule(call.id, day: "2027-03-15", topic: "Lancement", place: "Paris", mode: .presentiel, by: "operateur")

            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            let list = try await agent.get("/espace/notifications")
            #expect(list.text.contains(">2 notifications non lues</a>"))
            #expect(list.text.contains("Candidature retenue à la formation-action"))
            #expect(list.text.contains("Séance programmée : Mobiliser la data"))
            #expect(list.text.contains("Le 15/03/2027 : Lancement, en présentiel, Paris."))
            #expect(try await { let elu = server.client(); _ = try await elu.logIn("elu.brest", password: Fixtures.password)
                                return try await elu.get("/espace/notifications").text }().contains("Séance programmée : Mobiliser la data"))
            let other = server.client()
            _ = try await other.logIn("agent.landerneau", password: Fixtures.password)
            let theirs = try await other.get("/espace/notifications")
            #expect(theirs.status == 200 && !theirs.text.contains("formation-action") && !theirs.text.contains("Séance programmée"))
        }
    }
}
