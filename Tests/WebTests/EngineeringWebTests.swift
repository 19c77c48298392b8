import Foundation
import Parcours
import TestSupport
import Testing
@testable import Web

/// Ingénierie requests through HTTP: the collectivité's pages, the operator's desk and request page, the API.
@Suite struct EngineeringWebTests {
    /// A signed-in browser and its form token.
    static func signIn(_ server: LiveServer, _ login: String) async throws -> (LiveServer.Client, String) {
        let client = server.client()
        let csrf = try #require(LiveServer.Client.field("csrf", in: try await client.logIn(login, password: Fixtures.password).text))
        return (client, csrf)
    }

    static func id(_ reply: LiveServer.Reply) throws -> Int64 { try #require(reply.url.flatMap { Int64($0.lastPathComponent) }) }

    @Test func aRequestGoesThroughEveryStateByTheTwoRoles() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let (referent, csrf) = try await Self.signIn(server, "referent.metropole")
            let (op, opCsrf) = try await Self.signIn(server, "operateur")
            #expect(try await referent.get("/parcours/ingenierie").text.contains("Aucune demande d'ingénierie pour l'instant."))
            // The way in: the collectivité's space has the shortcut, the operator's menu and space the desk.
            #expect(try await referent.get("/espace").text.contains("href=\"/parcours/ingenierie\""))
            let operatorSpace = try await op.get("/espace").text
            #expect(operatorSpace.contains("<li><a href=\"/operateur/ingenierie\">Ingénierie</a></li>"))
            #expect(operatorSpace.components(separatedBy: "href=\"/operateur/ingenierie\"").count - 1 == 2)
            // Submitting without a contact is refused with the domain's sentence, and nothing is recorded.
            let incomplete = try await referent.post("/parcours/ingenierie", form: ["csrf": csrf, "type": "journees_conseil", "sujet": "gouvernance",
                                                                                   "besoin": "Une charte de la donnée", "action": "deposer"])
            #expect(incomplete.status == 400)
            #expect(incomplete.text.contains("Décrivez le besoin et indiquez une personne à contacter avant de déposer la demande."))
            #expect(try await store.engineeringRequests(owner: nil).isEmpty)
            // A draft, then submitted.
            let draft = try await referent.post("/parcours/ingenierie", form: ["csrf": csrf, "type": "journees_conseil", "sujet": "gouvernance",
                                                                              "besoin": "Une charte de la donnée", "contact": "DSI, 02 98 00 00 00", "action": "brouillon"])
            let id = try Self.id(draft)
            #expect(draft.url?.path == "/parcours/ingenierie/\(id)")
            #expect(draft.text.contains("<span id=\"etat\">brouillon</span>") && draft.text.contains("Déposer la demande</button>"))
            let submitted = try await referent.post("/parcours/ingenierie/\(id)/etat", form: ["csrf": csrf, "etat": "deposee"])
            #expect(submitted.text.contains("<span id=\"etat\">déposée</span>"))
            // The collectivité cannot instruct its own request, nor skip the instruction: 409 with the reason.
            let illegal = try await referent.post("/parcours/ingenierie/\(id)/etat", form: ["csrf": csrf, "etat": "en_instruction"])
            #expect(illegal.status == 409)
            #expect(illegal.text.contains("Seul l&#39;opérateur du programme peut passer une demande à « en instruction »."))
            let skipped = try await referent.post("/parcours/ingenierie/\(id)/etat", form: ["csrf": csrf, "etat": "acceptee"])
            #expect(skipped.status == 409 && skipped.text.contains("Une demande « déposée » ne peut pas passer à « acceptée »."))
            // Another collectivité: not found, neither the page, nor a move, nor the API.
            let (landerneau, csrfLanderneau) = try await Self.signIn(server, "agent.landerneau")
            #expect(try await landerneau.get("/parcours/ingenierie/\(id)").status == 404)
            #expect(try await landerneau.post("/parcours/ingenierie/\(id)/etat", form: ["csrf": csrfLanderneau, "etat": "abandonnee", "commentaire": "x"]).status == 404)
            #expect(try await landerneau.post("/parcours/ingenierie/\(id)/messages", form: ["csrf": csrfLanderneau, "message": "x"]).status == 404)
            #expect(try await landerneau.get("/api/v1/ingenierie/\(id)").status == 404)
            #expect(!(try await landerneau.get("/parcours/ingenierie").text.contains("/parcours/ingenierie/\(id)")))
            // The operator instructs, refuses an acceptance without its grant, accepts with it.
            let base = "/operateur/ingenierie/\(id)"
            #expect(try await op.get("/operateur/ingenierie").text.contains("Brest Métropole"))
            #expect(try await op.get("/parcours/ingenierie/\(id)").url?.path == base)
            _ = try await op.post("\(base)/etat", form: ["csrf": opCsrf, "etat": "en_instruction", "commentaire": "Reçue"])
            let noGrant = try await op.post("\(base)/etat", form: ["csrf": opCsrf, "etat": "acceptee"])
            #expect(noGrant.status == 400)
            #expect(noGrant.text.contains("Pour accepter, indiquez le nombre de journées accordées (plus de 0, au plus 100) et le consultant."))
            let accepted = try await op.post("\(base)/etat", form: ["csrf": opCsrf, "etat": "acceptee", "jours": "5", "consultant": "Cabinet Armor"])
            #expect(accepted.text.contains("<span id=\"etat\">acceptée</span>") && accepted.text.contains("<li>5 j accordée(s)</li>"))
            #expect(try await op.post("\(base)/affectation", form: ["csrf": opCsrf, "operateur": "inconnu"]).status == 400)
            let assigned = try await op.post("\(base)/affectation", form: ["csrf": opCsrf, "operateur": "operateur"])
            #expect(assigned.text.contains("<dd id=\"suivi-par\">operateur</dd>"))
            // Deliverables and days only once started.
            #expect(try await op.post("\(base)/livrables", form: ["csrf": opCsrf, "titre": "Charte", "date": "2027-01-15", "lien": ""]).status == 409)
            _ = try await op.post("\(base)/etat", form: ["csrf": opCsrf, "etat": "en_cours"])
            #expect(try await op.post("\(base)/consommation", form: ["csrf": opCsrf, "jours": "6"]).status == 400)
            let used = try await op.post("\(base)/consommation", form: ["csrf": opCsrf, "jours": "2,5"])
            #expect(used.text.contains("Journées : 2,5 j consommée(s) sur 5 j"))
            #expect(try await op.post("\(base)/livrables", form: ["csrf": opCsrf, "titre": "Charte", "date": "15/01/2027"]).status == 400)
            _ = try await op.post("\(base)/livrables", form: ["csrf": opCsrf, "titre": "Charte de la donnée", "date": "2027-01-15",
                                                               "lien": "https://example.org/charte.pdf"])
            _ = try await op.post("\(base)/messages", form: ["csrf": opCsrf, "message": "La charte est en ligne."])
            let delivered = try await op.post("\(base)/etat", form: ["csrf": opCsrf, "etat": "livree", "commentaire": "Charte remise"])
            #expect(delivered.text.contains("<span id=\"etat\">livrée</span>"))
            // The collectivité reads the whole history, answers in the thread, and can no longer withdraw.
            let page = try await referent.post("/parcours/ingenierie/\(id)/messages", form: ["csrf": csrf, "message": "Merci, charte reçue."])
            #expect(page.url?.path == "/parcours/ingenierie/\(id)")
            for line in ["brouillon → déposée", "déposée → en instruction", "en instruction → acceptée", "acceptée → en cours", "en cours → livrée",
                         "La charte est en ligne.", "Merci, charte reçue.", "<a href=\"https://example.org/charte.pdf\">", "Charte de la donnée (15/01/2027)"] {
                #expect(page.text.contains(line), "\(line)")
            }
            #expect(page.text.contains("<p id=\"aucune-action\">"))
            let late = try await referent.post("/parcours/ingenierie/\(id)/etat", form: ["csrf": csrf, "etat": "abandonnee", "commentaire": "Trop tard"])
            #expect(late.status == 409 && late.text.contains("Une demande « livrée » ne peut pas passer à « abandonnée »."))
            let stored = try #require(try await store.engineering(id: id, owner: "epci:242900314"))
            #expect(stored.state == .livree && stored.daysConsumed == 2.5 && stored.assignee == "operateur" && stored.grant?.consultant == "Cabinet Armor")
            #expect(stored.entries.map(\.kind.rawValue) == ["transition", "transition", "transition", "assignment", "transition", "consumption",
                                                            "deliverable", "message", "transition", "message"])

            // Withdrawn by the collectivité (a reason asked), refused by the operator (a reason asked).
            let second = try Self.id(try await referent.post("/parcours/ingenierie", form: ["csrf": csrf, "type": "etude_cofinancee", "sujet": "strategie",
                                                                                        "besoin": "Stratégie", "contact": "DGS", "action": "deposer"]))
            #expect(try await referent.post("/parcours/ingenierie/\(second)/etat", form: ["csrf": csrf, "etat": "abandonnee"]).status == 400)
            let withdrawn = try await referent.post("/parcours/ingenierie/\(second)/etat", form: ["csrf": csrf, "etat": "abandonnee", "commentaire": "Budget gelé"])
            #expect(withdrawn.text.contains("<span id=\"etat\">abandonnée</span>") && withdrawn.text.contains("Budget gelé"))
            let third = try Self.id(try await referent.post("/parcours/ingenierie", form: ["csrf": csrf, "type": "etude_cofinancee", "sujet": "autre",
                                                                                       "besoin": "Autre", "contact": "DGS", "action": "deposer"]))
            #expect(try await op.post("/operateur/ingenierie/\(third)/etat", form: ["csrf": opCsrf, "etat": "refusee"]).status == 400)
            let refused = try await op.post("/operateur/ingenierie/\(third)/etat", form: ["csrf": opCsrf, "etat": "refusee", "commentaire": "Hors programme"])
            #expect(refused.text.contains("<span id=\"etat\">refusée</span>"))
            #expect(try await store.engineeringRequests(owner: "epci:242900314").map(\.state) == [.refusee, .abandonnee, .livree])
        }
    }

    @Test func anElectedOfficialReadsButDoesNotWrite() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let request = try await store.createEngineering(EngineeringRequest(owner: "commune:29019", kind: .journeesConseil, topic: .strategie,
                                                                               need: "Besoin", contact: "Mairie", createdAt: 1_000))
            let (elu, csrf) = try await Self.signIn(server, "elu.brest")
            let page = try await elu.get("/parcours/ingenierie/\(request.id)").text
            #expect(page.contains("Lecture seule") && !page.contains("id=\"form-message\"") && !page.contains("Déposer la demande</button>"))
            #expect(!(try await elu.get("/parcours/ingenierie").text.contains("id=\"nouvelle-demande\"")))
            #expect(try await elu.get("/parcours/ingenierie/nouvelle").status == 403)
            #expect(try await elu.post("/parcours/ingenierie/\(request.id)/etat", form: ["csrf": csrf, "etat": "deposee"]).status == 403)
            #expect(try await elu.post("/parcours/ingenierie/\(request.id)/messages", form: ["csrf": csrf, "message": "Bonjour"]).status == 403)
        }
    }

    /// Three requests, hand-counted: Brest (Bretagne, no diagnostic) 4 days granted, 1.5 used; Saint-Étienne
    /// (Auvergne-Rhône-Alpes, no diagnostic) a study at 40 % for 20 000 €; Brest Métropole (Bretagne, its
    /// referent's diagnostic all at the top: pionnier) refused after 3 days were granted: nothing committed.
    @Test func theDeskTotalsMatchAHandCount() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            func make(_ owner: String, _ kind: EngineeringRequest.Kind, at: Double, _ steps: (inout EngineeringRequest) throws -> Void) async throws {
                var r = EngineeringRequest(owner: owner, kind: kind, topic: .gouvernance, need: "Besoin", contact: "Contact", createdAt: at)
                try r.move(to: .deposee, by: "x", as: .collectivite, comment: "", at: at)
                try r.move(to: .enInstruction, by: "operateur", as: .operateur, comment: "", at: at + 1)
                try steps(&r)
                _ = try await store.createEngineering(r)
            }
            // 2026-03-10 and 2026-06-01 and 2026-09-01, noon UTC.
            try await make("commune:29019", .journeesConseil, at: 1_773_144_000) { r in
                try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", grant: .init(days: 4, consultant: "A"), at: 1_773_144_010)
                try r.move(to: .enCours, by: "operateur", as: .operateur, comment: "", at: 1_773_144_020)
                try r.consume(days: 1.5, by: "operateur", at: 1_773_144_030)
            }
            try await make("commune:42218", .etudeCofinancee, at: 1_780_315_200) { r in
                try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", grant: .init(rate: 0.4, amount: 20_000, consultant: "B"), at: 1_780_315_210)
            }
            try await make("epci:242900314", .journeesConseil, at: 1_788_264_000) { r in
                r.grant = .init(days: 3, consultant: "C")
                try r.move(to: .refusee, by: "operateur", as: .operateur, comment: "Hors champ", at: 1_788_264_010)
            }
            let (referent, csrf) = try await Self.signIn(server, "referent.metropole")
            var answers: [String: String] = ["csrf": csrf, "action": "resultat"]
            for question in Questionnaire.v2026.questions { answers["q_\(question.id)"] = "3" }
            #expect(try await referent.post("/parcours/resultat", form: answers).status == 200)

            let (op, _) = try await Self.signIn(server, "operateur")
            let desk = try await op.get("/operateur/ingenierie").text
            #expect(desk.contains("Totaux des 3 demande(s) affichée(s)"))
            #expect(desk.contains("<tr id=\"total\"><th scope=\"row\"><strong>Ensemble</strong></th><td class=\"nombre\">3</td><td class=\"nombre\">4 j</td><td class=\"nombre\">1,5 j</td><td class=\"nombre\">20\u{202F}000 €</td></tr>"))
            #expect(desk.contains("<tr class=\"par-region\"><th scope=\"row\">Auvergne-Rhône-Alpes</th><td class=\"nombre\">1</td><td class=\"nombre\">0 j</td><td class=\"nombre\">0 j</td><td class=\"nombre\">20\u{202F}000 €</td></tr>"))
            #expect(desk.contains("<tr class=\"par-region\"><th scope=\"row\">Bretagne</th><td class=\"nombre\">2</td><td class=\"nombre\">4 j</td><td class=\"nombre\">1,5 j</td><td class=\"nombre\">0 €</td></tr>"))
            #expect(desk.contains("<tr class=\"par-niveau\"><th scope=\"row\">pionnier</th><td class=\"nombre\">1</td><td class=\"nombre\">0 j</td><td class=\"nombre\">0 j</td><td class=\"nombre\">0 €</td></tr>"))
            #expect(desk.contains("<tr class=\"par-niveau\"><th scope=\"row\">Sans diagnostic complet</th><td class=\"nombre\">2</td><td class=\"nombre\">4 j</td><td class=\"nombre\">1,5 j</td><td class=\"nombre\">20\u{202F}000 €</td></tr>"))
            // Filters: région, level, dates (inclusive), state; the sort by région puts Auvergne-Rhône-Alpes first.
            let brittany = try await op.get("/operateur/ingenierie?region=53").text
            #expect(brittany.contains("Totaux des 2 demande(s)"))
            #expect(brittany.contains("<tr id=\"total\"><th scope=\"row\"><strong>Ensemble</strong></th><td class=\"nombre\">2</td><td class=\"nombre\">4 j</td><td class=\"nombre\">1,5 j</td><td class=\"nombre\">0 €</td></tr>"))
            let pioneers = try await op.get("/operateur/ingenierie?niveau=pionnier").text
            #expect(pioneers.contains("Totaux des 1 demande(s)") && pioneers.contains("Brest Métropole"))
            #expect(try await op.get("/operateur/ingenierie?du=2026-06-01&au=2026-06-01").text.contains("Totaux des 1 demande(s)"))
            #expect(try await op.get("/operateur/ingenierie?du=2026-06-02").text.contains("Totaux des 1 demande(s)"))
            #expect(try await op.get("/operateur/ingenierie?etat=refusee&type=journees_conseil").text.contains("Totaux des 1 demande(s)"))
            #expect(try await op.get("/operateur/ingenierie?etat=zz").status == 400)
            let byRegion = try await op.get("/operateur/ingenierie?tri=region").text
            let saintEtienne = try #require(byRegion.range(of: "Saint-Étienne")), brest = try #require(byRegion.range(of: "Brest Métropole"))
            #expect(saintEtienne.lowerBound < brest.lowerBound)
            // The CSV export of the filtered list, French Excel format.
            let csv = try await op.get("/operateur/ingenierie.csv?region=53&tri=date")
            #expect(csv.contentType.hasPrefix("text/csv") && csv.header("content-disposition") == "attachment; filename=\"ingenierie.csv\"")
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines[0].hasSuffix("numero;collectivite;code_collectivite;region;niveau;type;sujet;etat;cree_le;suivi_par;jours_accordes;taux_cofinancement_pct;montant_engage_eur;consultant;jours_consommes"))
            #expect(lines[1] == "3;Brest Métropole;epci:242900314;Bretagne;pionnier;Journées de conseil;Gouvernance de la donnée;refusée;01/09/2026;;3,0;;;C;0,0")
            #expect(lines[2] == "1;Brest (29019);commune:29019;Bretagne;;Journées de conseil;Gouvernance de la donnée;en cours;10/03/2026;;4,0;;;A;1,5")
        }
    }

    @Test func theAPIFollowsTheSameRules() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let (referent, csrf) = try await Self.signIn(server, "referent.metropole")
            let (op, opCsrf) = try await Self.signIn(server, "operateur")
            let document = try await APIConformanceTests.document(server)
            let checker = SchemaChecker(document: document)
            /// The status and the answer, checked against the document's schema for that route and status.
            func json(_ client: LiveServer.Client, _ method: String, _ path: String, _ body: [String: Any]? = nil, csrf: String,
                      route: String? = nil) async throws -> (Int, [String: Any]) {
                let reply = try await client.send(method, path, body: try body.map { try JSONSerialization.data(withJSONObject: $0) },
                                                  headers: ["Content-Type": "application/json", "X-CSRF-Token": csrf])
                if let route, reply.status < 300 {
                    let schema = try #require(APIConformanceTests.answerSchema(document, method.lowercased(), route, status: "\(reply.status)"), "\(route)")
                    #expect(checker.problems(try JSONValue.parse(reply.body), schema) == [], "\(path)")
                }
                return (reply.status, (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:])
            }
            let (created, request) = try await json(referent, "POST", "/api/v1/ingenierie",
                                                    ["type": "etude_cofinancee", "sujet": "premier_cas_usage", "besoin": "Tableau de bord", "contact": "DSI",
                                                     "deposer": true], csrf: csrf, route: "/api/v1/ingenierie")
            #expect(created == 201 && request["etat"] as? String == "deposee" && request["etats_possibles"] as? [String] == ["abandonnee"])
            let id = try #require(request["id"] as? Int)
            let (illegal, problem) = try await json(referent, "POST", "/api/v1/ingenierie/\(id)/etat", ["etat": "en_instruction"], csrf: csrf)
            #expect(illegal == 409 && problem["detail"] as? String == "Seul l'opérateur du programme peut passer une demande à « en instruction ».")
            #expect(try await json(op, "POST", "/api/v1/ingenierie/\(id)/etat", ["etat": "en_instruction"], csrf: opCsrf).0 == 200)
            let (accepted, after) = try await json(op, "POST", "/api/v1/ingenierie/\(id)/etat",
                                                   ["etat": "acceptee", "accord": ["taux": 50, "montant": 12_000, "consultant": "Cabinet A"]], csrf: opCsrf,
                                                   route: "/api/v1/ingenierie/{id}/etat")
            #expect(accepted == 200 && after["etat"] as? String == "acceptee")
            #expect((after["accord"] as? [String: Any])?["taux"] as? Double == 50 && (after["accord"] as? [String: Any])?["montant"] as? Double == 12_000)
            #expect(after["etats_possibles"] as? [String] == ["en_cours", "abandonnee"])
            let (said, thread) = try await json(referent, "POST", "/api/v1/ingenierie/\(id)/messages", ["message": "Merci"], csrf: csrf,
                                               route: "/api/v1/ingenierie/{id}/messages")
            #expect(said == 201 && (thread["historique"] as? [[String: Any]])?.last?["texte"] as? String == "Merci")
            #expect(try await json(referent, "POST", "/api/v1/ingenierie/\(id)/messages", ["message": " "], csrf: csrf).0 == 400)
            // What the document bounds is refused beyond its bounds, never cut nor ignored: 4 000 characters (counted
            // as JSON Schema counts, in Unicode scalars), a grant's days even on a move that takes no grant.
            let long = String(repeating: "é", count: 4_001)
            let (tooLong, why) = try await json(referent, "POST", "/api/v1/ingenierie/\(id)/messages", ["message": long], csrf: csrf)
            #expect(tooLong == 400 && why["detail"] as? String == "Le champ « message » est limité à 4\u{202F}000 caractères.")
            #expect(try await json(referent, "POST", "/api/v1/ingenierie/\(id)/messages", ["message": String(long.dropLast())], csrf: csrf).0 == 201)
            let (outOfBounds, _) = try await json(referent, "POST", "/api/v1/ingenierie/\(id)/etat",
                                                  ["etat": "abandonnee", "commentaire": "x", "accord": ["jours": 500]], csrf: csrf)
            #expect(outOfBounds == 400)
            let (_, detail) = try await json(referent, "GET", "/api/v1/ingenierie/\(id)", csrf: csrf)
            #expect((detail["historique"] as? [[String: Any]])?.compactMap { $0["vers"] as? String } == ["deposee", "en_instruction", "acceptee"])
            let (foreign, _) = try await json(try await Self.signIn(server, "agent.landerneau").0, "GET", "/api/v1/ingenierie/\(id)", csrf: "")
            #expect(foreign == 404)
            let list = try await op.get("/api/v1/ingenierie")
            #expect((try JSONSerialization.jsonObject(with: list.body) as? [[String: Any]])?.count == 1)
        }
    }

    /// A help request of the ingénierie brick opens a prefilled ingénierie request linked to it; another
    /// collectivité's help request is not linked (nor shown).
    @Test func aHelpRequestOfTheIngenierieBrickOpensAPrefilledRequest() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let own = try await store.createRequest(HelpRequest(id: 0, owner: "epci:242900314", rule: "R2", brick: .ingenierie, title: "Étude stratégie",
                                                                because: "Pas de stratégie de la donnée", message: "Avant l'été", login: "referent.metropole",
                                                                createdAt: 1_000))
            let foreign = try await store.createRequest(HelpRequest(id: 0, owner: "commune:29019", rule: "R2", brick: .ingenierie, title: "Autre",
                                                                    because: "Autre", message: "", login: "agent.brest", createdAt: 1_000))
            let (referent, csrf) = try await Self.signIn(server, "referent.metropole")
            #expect(try await referent.get("/parcours/demandes").text.contains("<a href=\"/parcours/ingenierie/nouvelle?demande=\(own.id)\">Préciser la demande d'ingénierie</a>"))
            let form = try await referent.get("/parcours/ingenierie/nouvelle?demande=\(own.id)").text
            #expect(form.contains("<input type=\"hidden\" name=\"demande\" value=\"\(own.id)\">"))
            #expect(form.contains(">Étude stratégie : Pas de stratégie de la donnée\nAvant l&#39;été</textarea>"))
            #expect(!(try await referent.get("/parcours/ingenierie/nouvelle?demande=\(foreign.id)").text.contains("name=\"demande\"")))
            for help in [own.id, foreign.id] {
                _ = try await referent.post("/parcours/ingenierie", form: ["csrf": csrf, "type": "etude_cofinancee", "sujet": "strategie", "besoin": "Stratégie",
                                                                           "contact": "DGS", "demande": "\(help)", "action": "brouillon"])
            }
            #expect(try await store.engineeringRequests(owner: "epci:242900314").map(\.helpRequestID) == [nil, own.id])
        }
    }
}
