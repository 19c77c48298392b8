import Accounts
import BundledData
import Foundation
import Observatoire
import Parcours
import Renovation
import Storage
import TestSupport
import Testing
@testable import Web

/// Every route of the application, for every role and for a foreign collectivité, with the expected outcome.
/// A route added to the application without a line here fails the test: nobody can forget to decide who may
/// use it. Outcomes are the final status, and the final path when the route redirects.
@Suite struct AuthorisationMatrixTests {
    enum Who: String, CaseIterable {
        // The owner of the sample data (Brest's agent) comes last: its writes change the data.
        case anonymous, foreignAgent, elu, operateur, ownerAgent
    }

    struct Line {
        let route: String
        let path: String
        let form: [String: String]?
        let expected: [Who: String]

        init(_ route: String, _ path: String, form: [String: String]? = nil, _ expected: [Who: String]) {
            self.route = route
            self.path = path
            self.form = form
            self.expected = expected
        }

        /// The same outcome for everyone: public routes.
        init(public route: String, _ path: String, _ outcome: String = "200") {
            self.init(route, path, Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, outcome) }))
        }
    }

    static func signedIn(_ anonymous: String, _ others: String) -> [Who: String] {
        [.anonymous: anonymous, .foreignAgent: others, .elu: others, .operateur: others, .ownerAgent: others]
    }

    static func ownerOnly(anonymous: String, owner: String) -> [Who: String] {
        [.anonymous: anonymous, .foreignAgent: "404", .elu: "404", .operateur: "404", .ownerAgent: owner]
    }

    static func lines(token1: Int64, token2: Int64, demoBuilding: String, helpRequest: Int64, ownSeries: Int64, engineering e: Int64,
                      cohort c: Int64, project p: Int64, notices: (Int64, Int64), activation: String) -> [Line] { [
        Line(public: "GET /", "/"),
        Line(public: "GET /static/{file}", "/static/style.css"),
        Line(public: "GET /sante", "/sante"),
        Line(public: "GET /recherche", "/recherche?q=brest"),
        Line(public: "GET /communes/{code}", "/communes/29019"),
        Line(public: "GET /epci/{siren}", "/epci/242900314"),
        Line(public: "GET /departements/{code}", "/departements/29"),
        Line(public: "GET /regions/{code}", "/regions/53"),
        Line(public: "GET /sources", "/sources"),
        Line(public: "GET /cartes/communes/{code}", "/cartes/communes/29019"),
        Line(public: "GET /api", "/api"),
        Line(public: "GET /api/openapi.json", "/api/openapi.json"),
        Line(public: "GET /api/v1/recherche", "/api/v1/recherche?q=brest"),
        Line(public: "GET /api/v1/communes", "/api/v1/communes"),
        Line(public: "GET /api/v1/communes/{code}", "/api/v1/communes/29019"),
        Line(public: "GET /api/v1/epci", "/api/v1/epci"),
        Line(public: "GET /api/v1/epci/{siren}", "/api/v1/epci/242900314"),
        Line(public: "GET /api/v1/departements", "/api/v1/departements"),
        Line(public: "GET /api/v1/departements/{code}", "/api/v1/departements/29"),
        Line(public: "GET /api/v1/regions", "/api/v1/regions"),
        Line(public: "GET /api/v1/regions/{code}", "/api/v1/regions/53"),
        Line(public: "GET /api/v1/programmes", "/api/v1/programmes"),
        Line(public: "GET /api/v1/observatoire/indicateurs", "/api/v1/observatoire/indicateurs"),
        Line(public: "GET /api/v1/observatoire/indicateurs/{id}", "/api/v1/observatoire/indicateurs/vacance_2018"),
        Line(public: "GET /api/v1/observatoire/communes/{code}", "/api/v1/observatoire/communes/29019"),
        Line(public: "GET /observatoire", "/observatoire"),
        Line(public: "GET /observatoire/aller", "/observatoire/aller?q=brest", "200@/observatoire/29019"),
        Line(public: "GET /observatoire/indicateurs", "/observatoire/indicateurs"),
        Line(public: "GET /observatoire/indicateurs/{id}/communes.csv", "/observatoire/indicateurs/vacance_2018/communes.csv"),
        Line(public: "GET /observatoire/cartes", "/observatoire/cartes?indicateur=vacance_2018&territoire=29"),
        Line(public: "GET /observatoire/cartes/carte.svg", "/observatoire/cartes/carte.svg?indicateur=vacance_2018&territoire=29"),
        Line(public: "GET /observatoire/programme", "/observatoire/programme?indicateur=vacance_2018&accompagnees=1"),
        Line(public: "GET /observatoire/programme.csv", "/observatoire/programme.csv?indicateur=vacance_2018"),
        Line(public: "GET /observatoire/programme/carte.svg", "/observatoire/programme/carte.svg?indicateur=vacance_2018&region=53"),
        Line(public: "GET /api/v1/observatoire/programme", "/api/v1/observatoire/programme?indicateur=vacance_2018"),
        Line(public: "GET /observatoire/epci/{siren}", "/observatoire/epci/242900314"),
        Line(public: "GET /observatoire/epci/{siren}/donnees.csv", "/observatoire/epci/242900314/donnees.csv"),
        Line(public: "GET /api/v1/observatoire/epci/{siren}", "/api/v1/observatoire/epci/242900314"),
        Line(public: "GET /observatoire/{code}", "/observatoire/29019"),
        Line(public: "GET /observatoire/{code}/donnees.csv", "/observatoire/29019/donnees.csv"),
        Line(public: "GET /observatoire/{code}/portrait", "/observatoire/29019/portrait"),
        Line(public: "GET /observatoire/{code}/graphiques/{indicator}", "/observatoire/29019/graphiques/vacance_2018"),
        Line(public: "GET /parcours", "/parcours"),
        Line(public: "POST /parcours/resultat", "/parcours/resultat"),
        // The signed-in collectivité's own result (none submitted here: 404; ParcoursWebTests reads one, and
        // checks another collectivité gets 404); the operator is sent to every collectivité's view.
        Line("GET /parcours/resultat", "/parcours/resultat",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200@/operateur/diagnostics", .ownerAgent: "404"]),
        Line(public: "GET /parcours/cas-usage", "/parcours/cas-usage?theme=energie"),
        Line(public: "GET /parcours/barometre", "/parcours/barometre"),
        Line(public: "GET /parcours/barometre.csv", "/parcours/barometre.csv"),
        // The yearly barometer is public (2026: seeded below); its note is the operator's until published (kept a draft here:
        // the operator's save redirects to the note itself).
        Line(public: "GET /parcours/barometre/{annee}", "/parcours/barometre/2026"),
        Line(public: "GET /parcours/barometre/{annee}.csv", "/parcours/barometre/2026.csv"),
        Line(public: "GET /api/v1/parcours/barometre/{annee}", "/api/v1/parcours/barometre/2026"),
        Line("GET /parcours/barometre/{annee}/note", "/parcours/barometre/2026/note",
             [.anonymous: "404", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("POST /parcours/barometre/{annee}/note", "/parcours/barometre/2026/note", form: ["editorial": "Essai", "action": "brouillon"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        // A collectivité's help requests: its agents and referents ask (only for a rule of its submitted
        // diagnostic: none here, hence 400), everyone of the collectivité reads them, the operator follows them all up.
        Line("GET /parcours/demandes", "/parcours/demandes",
             [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "200", .operateur: "200@/operateur/demandes", .ownerAgent: "200"]),
        Line("POST /parcours/demandes", "/parcours/demandes", form: ["recommandation": "R1"],
             [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        Line("GET /operateur/demandes", "/operateur/demandes",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("POST /operateur/demandes/{id}", "/operateur/demandes/\(helpRequest)", form: ["statut": "en_cours"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "200@/operateur/demandes", .ownerAgent: "404"]),
        Line("GET /api/v1/parcours/demandes", "/api/v1/parcours/demandes", signedIn("401", "200")),
        Line("POST /api/v1/parcours/demandes", "/api/v1/parcours/demandes",
             [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        // Ingénierie requests: Brest's (started, with a deliverable) is read by Brest's people and the operator, nobody
        // else; its agents write, its elected official reads (403); the operator has its own desk and pages. The
        // moves sent are impossible from the request's state (409), so the lines leave it as it is.
        Line("GET /parcours/ingenierie", "/parcours/ingenierie",
             [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "200", .operateur: "200@/operateur/ingenierie", .ownerAgent: "200"]),
        Line("GET /parcours/ingenierie/nouvelle", "/parcours/ingenierie/nouvelle",
             [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "403", .operateur: "403", .ownerAgent: "200"]),
        Line("POST /parcours/ingenierie", "/parcours/ingenierie", form: ["type": "zz"],
             [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        Line("GET /parcours/ingenierie/{id}", "/parcours/ingenierie/\(e)",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "200", .operateur: "200@/operateur/ingenierie/\(e)", .ownerAgent: "200"]),
        Line("POST /parcours/ingenierie/{id}/etat", "/parcours/ingenierie/\(e)/etat", form: ["etat": "brouillon"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "409", .ownerAgent: "409"]),
        Line("POST /parcours/ingenierie/{id}/messages", "/parcours/ingenierie/\(e)/messages", form: ["message": " "],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "400", .ownerAgent: "400"]),
        Line("GET /operateur/ingenierie", "/operateur/ingenierie?etat=en_cours",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("GET /operateur/ingenierie.csv", "/operateur/ingenierie.csv",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("GET /operateur/ingenierie/{id}", "/operateur/ingenierie/\(e)",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("POST /operateur/ingenierie/{id}/etat", "/operateur/ingenierie/\(e)/etat", form: ["etat": "brouillon"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "409", .ownerAgent: "404"]),
        Line("POST /operateur/ingenierie/{id}/messages", "/operateur/ingenierie/\(e)/messages", form: ["message": ""],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("POST /operateur/ingenierie/{id}/affectation", "/operateur/ingenierie/\(e)/affectation", form: ["operateur": "agent.brest"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("POST /operateur/ingenierie/{id}/livrables", "/operateur/ingenierie/\(e)/livrables", form: ["titre": "Note", "date": "demain"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("POST /operateur/ingenierie/{id}/consommation", "/operateur/ingenierie/\(e)/consommation", form: ["jours": "99"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("GET /api/v1/ingenierie", "/api/v1/ingenierie", signedIn("401", "200")),
        // Without a body: refused (400) once the role may write.
        Line("POST /api/v1/ingenierie", "/api/v1/ingenierie",
             [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        Line("GET /api/v1/ingenierie/{id}", "/api/v1/ingenierie/\(e)",
             [.anonymous: "401", .foreignAgent: "404", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("POST /api/v1/ingenierie/{id}/etat", "/api/v1/ingenierie/\(e)/etat",
             [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "400", .ownerAgent: "400"]),
        Line("POST /api/v1/ingenierie/{id}/messages", "/api/v1/ingenierie/\(e)/messages",
             [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "400", .ownerAgent: "400"]),
        // Formation-action cohorts: an open call with Brest's application (pair: its agent and its elected official), selected,
        // with a session and a milestone done; its restitution not published. The forms sent are refused (400, or 409 for a
        // decision the state forbids and a second application), so the lines leave everything as it is.
        Line("GET /parcours/cohortes/{id}/restitution", "/parcours/cohortes/\(c)/restitution",
             [.anonymous: "404", .foreignAgent: "404", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("GET /parcours/cohortes", "/parcours/cohortes",
             [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "200", .operateur: "200@/operateur/cohortes", .ownerAgent: "200"]),
        // Brest has applied: its form leads to its application.
        Line("GET /parcours/cohortes/appels/{id}/candidature", "/parcours/cohortes/appels/\(c)/candidature",
             [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "403", .operateur: "403", .ownerAgent: "200@/parcours/cohortes/projets/\(p)"]),
        Line("POST /parcours/cohortes/appels/{id}/candidature", "/parcours/cohortes/appels/\(c)/candidature", form: ["motivation": ""],
             [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "403", .ownerAgent: "409"]),
        Line("GET /parcours/cohortes/projets/{id}", "/parcours/cohortes/projets/\(p)",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("POST /parcours/cohortes/projets/{id}/decision", "/parcours/cohortes/projets/\(p)/decision", form: ["etat": "deposee"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "409", .ownerAgent: "409"]),
        Line("POST /parcours/cohortes/projets/{id}/jalons", "/parcours/cohortes/projets/\(p)/jalons", form: ["jalon": "prototype", "statut": "fait"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "400", .operateur: "400", .ownerAgent: "400"]),
        Line("GET /operateur/cohortes", "/operateur/cohortes?etat=ouvert",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("POST /operateur/cohortes", "/operateur/cohortes", form: ["titre": ""],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("GET /operateur/cohortes/{id}", "/operateur/cohortes/\(c)",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("POST /operateur/cohortes/{id}", "/operateur/cohortes/\(c)", form: ["titre": ""],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("POST /operateur/cohortes/{id}/etat", "/operateur/cohortes/\(c)/etat", form: ["action": "x"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("POST /operateur/cohortes/{id}/seances", "/operateur/cohortes/\(c)/seances", form: ["mode": "x"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("POST /operateur/cohortes/{id}/seances/{seance}/presences", "/operateur/cohortes/\(c)/seances/1/presences", form: ["presence.agent.brest": "x"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("GET /operateur/cohortes/{id}/participants.csv", "/operateur/cohortes/\(c)/participants.csv",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("GET /operateur/cohortes/{id}/presences.csv", "/operateur/cohortes/\(c)/presences.csv",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("GET /operateur/cohortes/{id}/avancement.csv", "/operateur/cohortes/\(c)/avancement.csv",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line(public: "GET /api/v1/cohortes/appels", "/api/v1/cohortes/appels"),
        Line("GET /api/v1/cohortes/candidatures", "/api/v1/cohortes/candidatures", signedIn("401", "200")),
        // Without a body: refused (400) once the role may apply.
        Line("POST /api/v1/cohortes/appels/{id}/candidatures", "/api/v1/cohortes/appels/\(c)/candidatures",
             [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        Line("GET /api/v1/cohortes/projets/{id}", "/api/v1/cohortes/projets/\(p)",
             [.anonymous: "401", .foreignAgent: "404", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("POST /api/v1/cohortes/projets/{id}/jalons", "/api/v1/cohortes/projets/\(p)/jalons",
             [.anonymous: "401", .foreignAgent: "404", .elu: "400", .operateur: "400", .ownerAgent: "400"]),
        Line("GET /api/v1/validation/controles", "/api/v1/validation/controles",
             [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /operateur/diagnostics", "/operateur/diagnostics",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line(public: "GET /validateur", "/validateur"),
        // Without a file to check, the validator refuses: the same for everyone.
        Line(public: "POST /validateur", "/validateur", "400"),
        // Without a body (the CSV file), the API refuses: the same for everyone.
        Line(public: "POST /api/v1/validation/{schema}", "/api/v1/validation/subventions", "400"),
        Line(public: "GET /api/v1/parcours/questionnaire", "/api/v1/parcours/questionnaire"),
        Line(public: "GET /api/v1/parcours/cas-usage", "/api/v1/parcours/cas-usage"),
        // An empty body is not a diagnostic: refused for everyone, with a French problem document.
        Line(public: "POST /api/v1/parcours/diagnostic", "/api/v1/parcours/diagnostic", "400"),
        Line("GET /renovation", "/renovation", [.anonymous: "200@/renovation/demo", .foreignAgent: "200@/renovation/inventaire", .elu: "200@/renovation/inventaire",
                                                 .operateur: "200@/renovation/demo", .ownerAgent: "200@/renovation/inventaire"]),
        Line(public: "GET /renovation/demo", "/renovation/demo"),
        Line(public: "GET /renovation/demo/batiments/{id}", "/renovation/demo/batiments/\(demoBuilding)"),
        Line(public: "GET /renovation/demo/batiments.csv", "/renovation/demo/batiments.csv"),
        Line(public: "GET /renovation/demo/batiments.geojson", "/renovation/demo/batiments.geojson"),
        Line(public: "GET /api/v1/renovation/demo/batiments", "/api/v1/renovation/demo/batiments"),
        Line(public: "GET /renovation/demo/plan", "/renovation/demo/plan"),
        Line(public: "GET /renovation/demo/plan/impression", "/renovation/demo/plan/impression"),
        Line(public: "GET /renovation/demo/plan.csv", "/renovation/demo/plan.csv"),
        Line(public: "GET /renovation/demo/scenarios.csv", "/renovation/demo/scenarios.csv"),
        Line(public: "GET /renovation/demo/operat.csv", "/renovation/demo/operat.csv"),
        Line(public: "GET /api/v1/renovation/demo/plan", "/api/v1/renovation/demo/plan"),
        // Each collectivité reads its own inventory; the operator reads the one it names, nobody else's.
        Line("GET /renovation/inventaire", "/renovation/inventaire?collectivite=commune:29019", [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("GET /renovation/inventaire/batiments/{id}", "/renovation/inventaire/batiments/B1?collectivite=commune:29019",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("GET /renovation/inventaire/batiments.csv", "/renovation/inventaire/batiments.csv", [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /renovation/inventaire/batiments.geojson", "/renovation/inventaire/batiments.geojson", [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /api/v1/renovation/batiments", "/api/v1/renovation/batiments", [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        // The plan of the caller's own stock (the operator names the collectivité), like the inventory it is made of.
        Line("GET /renovation/inventaire/plan", "/renovation/inventaire/plan?collectivite=commune:29019", [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("GET /renovation/inventaire/plan/impression", "/renovation/inventaire/plan/impression?collectivite=commune:29019", [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("GET /renovation/inventaire/plan.csv", "/renovation/inventaire/plan.csv", [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /renovation/inventaire/scenarios.csv", "/renovation/inventaire/scenarios.csv", [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /renovation/inventaire/operat.csv", "/renovation/inventaire/operat.csv", [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /api/v1/renovation/plan", "/api/v1/renovation/plan", [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /api/v1/renovation/batiments/{id}", "/api/v1/renovation/batiments/B1", [.anonymous: "401", .foreignAgent: "404", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        // Only a collectivité's agents import; without a file, the import is refused.
        Line("GET /renovation/import", "/renovation/import", [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "403", .operateur: "403", .ownerAgent: "200"]),
        Line("POST /renovation/import", "/renovation/import", form: [:], [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        Line("POST /api/v1/renovation/import", "/api/v1/renovation/import", [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        // A building's works: the demo's read by anyone; an inventory's by its collectivité (the operator naming it), written by its
        // agents only; another collectivité's building is a 404, also for writing.
        Line(public: "GET /renovation/demo/batiments/{id}/travaux", "/renovation/demo/batiments/\(demoBuilding)/travaux"),
        Line(public: "GET /renovation/demo/batiments/{id}/travaux.csv", "/renovation/demo/batiments/\(demoBuilding)/travaux.csv"),
        Line(public: "GET /api/v1/renovation/demo/batiments/{id}/scenarios", "/api/v1/renovation/demo/batiments/\(demoBuilding)/scenarios"),
        Line("GET /renovation/inventaire/batiments/{id}/travaux", "/renovation/inventaire/batiments/B1/travaux?collectivite=commune:29019",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "200", .operateur: "200", .ownerAgent: "200"]),
        Line("GET /renovation/inventaire/batiments/{id}/travaux.csv", "/renovation/inventaire/batiments/B1/travaux.csv",
             [.anonymous: "401", .foreignAgent: "404", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /api/v1/renovation/batiments/{id}/scenarios", "/api/v1/renovation/batiments/B1/scenarios",
             [.anonymous: "401", .foreignAgent: "404", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("POST /renovation/inventaire/batiments/{id}/travaux/caracteristiques", "/renovation/inventaire/batiments/B1/travaux/caracteristiques", form: [:],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "403", .ownerAgent: "200@/renovation/inventaire/batiments/B1/travaux"]),
        Line("POST /renovation/inventaire/batiments/{id}/travaux/scenarios", "/renovation/inventaire/batiments/B1/travaux/scenarios", form: [:],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "403", .ownerAgent: "422"]),
        Line("POST /renovation/inventaire/batiments/{id}/travaux/scenarios/{scenario}/suppression",
             "/renovation/inventaire/batiments/B1/travaux/scenarios/perso-matrice/suppression", form: [:],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "403", .ownerAgent: "200@/renovation/inventaire/batiments/B1/travaux"]),
        Line("POST /renovation/inventaire/batiments/{id}/travaux/reglages", "/renovation/inventaire/batiments/B1/travaux/reglages", form: [:],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "403", .ownerAgent: "422"]),
        Line("POST /api/v1/renovation/batiments/{id}/scenarios", "/api/v1/renovation/batiments/B1/scenarios",
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        Line("DELETE /api/v1/renovation/batiments/{id}/scenarios/{scenario}", "/api/v1/renovation/batiments/B1/scenarios/perso-api",
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "403", .ownerAgent: "204"]),
        Line("PUT /api/v1/renovation/batiments/{id}/profil", "/api/v1/renovation/batiments/B1/profil",
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "403", .ownerAgent: "400"]),
        // A collectivité's own series: read by its accounts, written by its agents and referents; the operator has none.
        Line("GET /espace/donnees", "/espace/donnees", [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("GET /espace/donnees/nouvelle", "/espace/donnees/nouvelle", [.anonymous: "200@/connexion", .foreignAgent: "200", .elu: "403", .operateur: "404", .ownerAgent: "200"]),
        Line("POST /espace/donnees", "/espace/donnees", form: [:], [.anonymous: "401", .foreignAgent: "422", .elu: "403", .operateur: "404", .ownerAgent: "422"]),
        Line("POST /espace/donnees/import", "/espace/donnees/import", form: [:], [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "404", .ownerAgent: "400"]),
        Line("GET /espace/donnees/{id}", "/espace/donnees/\(ownSeries)", [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "403", .operateur: "404", .ownerAgent: "200"]),
        Line("POST /espace/donnees/{id}", "/espace/donnees/\(ownSeries)", form: [:], [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "404", .ownerAgent: "422"]),
        Line("POST /espace/donnees/{id}/publication", "/espace/donnees/\(ownSeries)/publication", form: ["publique": "non"],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "404", .ownerAgent: "200@/espace/donnees"]),
        Line("GET /api/v1/moi/donnees", "/api/v1/moi/donnees", [.anonymous: "401", .foreignAgent: "200", .elu: "200", .operateur: "404", .ownerAgent: "200"]),
        Line("POST /api/v1/moi/donnees", "/api/v1/moi/donnees", [.anonymous: "401", .foreignAgent: "400", .elu: "403", .operateur: "404", .ownerAgent: "400"]),
        Line(public: "GET /observatoire/donnees-collectivites/{cle}", "/observatoire/donnees-collectivites/vacance_commerciale_centre"),
        // Last of the series' lines: the owner deletes it.
        Line("POST /espace/donnees/{id}/suppression", "/espace/donnees/\(ownSeries)/suppression", form: [:],
             [.anonymous: "401", .foreignAgent: "404", .elu: "403", .operateur: "404", .ownerAgent: "200@/espace/donnees"]),
        Line("GET /api/v1/moi", "/api/v1/moi", signedIn("401", "200")),
        Line("GET /api/v1/moi/jetons", "/api/v1/moi/jetons", signedIn("401", "200")),
        Line("GET /connexion", "/connexion", signedIn("200", "200@/espace")),
        // Without the login form's own token, a login attempt is refused for everyone.
        Line("POST /connexion", "/connexion", form: ["identifiant": "agent.brest", "mot_de_passe": Fixtures.password], signedIn("403", "403")),
        Line("GET /espace", "/espace", signedIn("200@/connexion", "200")),
        Line("POST /espace/jetons", "/espace/jetons", form: ["libelle": "matrice"], signedIn("401", "200")),
        Line("GET /operateur/journal", "/operateur/journal",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("DELETE /api/v1/moi/jetons/{id}", "/api/v1/moi/jetons/\(token1)", ownerOnly(anonymous: "401", owner: "204")),
        Line("POST /espace/jetons/{id}/revocation", "/espace/jetons/\(token2)/revocation", form: [:], ownerOnly(anonymous: "401", owner: "200@/espace")),
        // The link is anyone's who holds it; someone signed in is asked to sign out first (and nothing is set). Before the
        // operator's new link below, which ends this one.
        Line(public: "GET /activation/{jeton}", "/activation/\(activation)"),
        Line("POST /activation/{jeton}", "/activation/\(activation)", form: ["mot_de_passe": "court"], signedIn("400", "200")),
        // The operator's accounts: a pending account of Landerneau is disabled, enabled, given a new link.
        Line("GET /operateur/comptes", "/operateur/comptes?role=agent",
             [.anonymous: "200@/connexion", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("POST /operateur/comptes", "/operateur/comptes", form: [:], [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("POST /operateur/comptes/{identifiant}/desactivation", "/operateur/comptes/attente.matrice/desactivation", form: [:],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "200@/operateur/comptes", .ownerAgent: "404"]),
        Line("POST /operateur/comptes/{identifiant}/reactivation", "/operateur/comptes/attente.matrice/reactivation", form: [:],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "200@/operateur/comptes", .ownerAgent: "404"]),
        Line("GET /api/v1/operateur/comptes", "/api/v1/operateur/comptes",
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        Line("POST /api/v1/operateur/comptes", "/api/v1/operateur/comptes", [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "400", .ownerAgent: "404"]),
        Line("POST /api/v1/operateur/comptes/{identifiant}/desactivation", "/api/v1/operateur/comptes/attente.matrice/desactivation",
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "204", .ownerAgent: "404"]),
        Line("POST /api/v1/operateur/comptes/{identifiant}/reactivation", "/api/v1/operateur/comptes/attente.matrice/reactivation",
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "204", .ownerAgent: "404"]),
        Line("POST /operateur/comptes/{identifiant}/lien", "/operateur/comptes/attente.matrice/lien", form: [:],
             [.anonymous: "401", .foreignAgent: "404", .elu: "404", .operateur: "200", .ownerAgent: "404"]),
        // Notifications: each account its own (Brest's elected official does not read its agent's).
        Line("GET /espace/notifications", "/espace/notifications", signedIn("200@/connexion", "200")),
        Line("GET /api/v1/moi/notifications", "/api/v1/moi/notifications", signedIn("401", "200")),
        Line("POST /espace/notifications/{id}/lue", "/espace/notifications/\(notices.0)/lue", form: [:],
             ownerOnly(anonymous: "401", owner: "200@/espace/notifications")),
        Line("POST /api/v1/moi/notifications/{id}/lue", "/api/v1/moi/notifications/\(notices.1)/lue", ownerOnly(anonymous: "401", owner: "204")),
        Line("POST /espace/notifications/lues", "/espace/notifications/lues", form: [:], signedIn("401", "200@/espace/notifications")),
        Line("POST /api/v1/moi/notifications/lues", "/api/v1/moi/notifications/lues", signedIn("401", "204")),
        // Last: it ends the sessions.
        Line("POST /deconnexion", "/deconnexion", form: [:], signedIn("200@/", "200@/")),
    ] }

    /// Gives Brest's agent two API tokens, a building, a help request, an own series and two notices (and Landerneau a
    /// pending account with its activation link), so that the routes that read them have
    /// something to answer; the lines name them. `APIConformanceTests` reads the same routes' answers.
    static func seededLines(_ store: SQLiteStore) async throws -> [Line] {
        let owner = try #require(try await store.userWithPasswordHash(login: "agent.brest")?.0)
        let token1 = try await store.createToken(user: owner, label: "un", tokenHash: Secrets.digest(Secrets.token())).id
        let token2 = try await store.createToken(user: owner, label: "deux", tokenHash: Secrets.digest(Secrets.token())).id
        // Measured, so that its works have scenarios; two scenarios of Brest's own, one deleted by the form, one by the API.
        try await store.replaceBuildings(owner: "commune:29019", with: [Building(id: "B1", owner: "commune:29019", name: "École d'essai", communeCode: "29019",
                                                                               usage: .ecole, area: 1200, heatingEnergy: .gazNaturel,
                                                                               consumptions: [Consumption(carrier: .gazNaturel, year: 2024, kWh: 150_000, original: ""),
                                                                                              Consumption(carrier: .electricite, year: 2024, kWh: 40_000, original: "")],
                                                                               source: "essai")], actor: "test", detail: "")
        for id in ["perso-matrice", "perso-api"] {
            try await store.saveScenario(owner: "commune:29019", building: "B1", ScenarioSpec(id: id, kind: .personnalise, name: "Combles",
                                                                                               actions: [ActionChoice(action: "combles", quantity: 600)]), actor: "test")
        }
        let demoBuilding = try #require(try RenovationData.setup().demo.first?.id)
        let helpRequest = try await store.createRequest(HelpRequest(id: 0, owner: "commune:29019", rule: "R1", brick: .sensibilisation, title: "Note",
                                                                    because: "Pour tous", message: "", login: "agent.brest", createdAt: 0)).id
        let ownSeries = try await store.saveOwnSeries(OwnSeries(owner: "commune:29019", catalogueKey: "vacance_commerciale_centre", label: "Vacance commerciale",
                                                                definition: "", unit: "%", source: "Relevé", points: [OwnPoint(period: OwnPeriod("2024")!, value: 12)]),
                                                      actor: "test").id
        // Seven collectivités none of the roles belongs to submit in 2025 and 2026 (1 June), so the barometer has groups to show.
        var answers = Answers()
        for q in Questionnaire.v2026.questions { answers.values[q.id] = .points(1) }
        for owner in ["commune:29075", "commune:29083", "commune:42218", "commune:42279", "epci:242900314", "epci:200000001", "epci:244200770"] {
            for at in [1_748_736_000.0, 1_780_272_000] { try await store.saveAnswers(owner: owner, login: "essai.matrice", answers: answers, submitted: true, at: at) }
        }
        // Brest's ingénierie request, started, with a grant, a deliverable and a message: every field of the API's answer.
        var engineering = EngineeringRequest(owner: "commune:29019", kind: .journeesConseil, topic: .strategie, need: "Stratégie de la donnée",
                                             useCase: "Tableau de bord des écoles", contact: "DSI", helpRequestID: helpRequest, createdAt: 1_000)
        try engineering.move(to: .deposee, by: "agent.brest", as: .collectivite, comment: "", at: 1_001)
        try engineering.move(to: .enInstruction, by: "operateur", as: .operateur, comment: "", at: 1_002)
        try engineering.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", grant: .init(days: 5, consultant: "Cabinet A"), at: 1_003)
        engineering.assign(to: "operateur", by: "operateur", at: 1_004)
        try engineering.move(to: .enCours, by: "operateur", as: .operateur, comment: "", at: 1_005)
        try engineering.consume(days: 1, by: "operateur", at: 1_006)
        try engineering.deliver(title: "Note de cadrage", date: "2026-11-02", link: "https://example.org/cadrage.pdf", by: "operateur", at: 1_007)
        try engineering.say("Bonjour", by: "agent.brest", as: .collectivite, at: 1_008)
        let engineeringID = try await store.createEngineering(engineering).id
        // Brest's formation-action project: selected, its cadrage done, a session with its pair's attendance.
        let cohorts = Cohorts(store: store)
        let brest = Cohorts.Viewer.collectivite(owner: "commune:29019", login: "agent.brest", canWrite: true)
        let call = try await cohorts.open(CohortCall(title: "Mobiliser la data", theme: "Tableaux de bord", deadline: "2027-02-28", startsOn: "2027-03-15",
                                                     endsOn: "2027-10-15", eligibility: .init(maxPopulation: 200_000), createdAt: 1_000), by: "operateur")
        let project = try await cohorts.apply(to: call.id, as: brest, population: 139_619, level: nil, members: ["agent.brest", "elu.brest"],
                                              metier: "agent.brest", donnees: "elu.brest", useCaseID: "budget", ownUseCase: "", motivation: "Ouvrir le budget")
        _ = try await cohorts.decide(project.id, .retenue, reason: "", as: .operateur(login: "operateur"))
        _ = try await cohorts.update(project.id, .cadrage, status: .fait, evidence: "https://example.org/cadrage.pdf", comment: "Validé", as: brest)
        _ = try await cohorts.schedule(call.id, day: "2027-03-15", topic: "Lancement", place: "Paris", mode: .presentiel, by: "operateur")
        _ = try await cohorts.record(call.id, session: 1, ["agent.brest": .present, "elu.brest": .excuse], by: "operateur")
        // Two notices for Brest's agent, and an account of Landerneau waiting for its activation.
        for title in ["Séance programmée", "Candidature retenue"] {
            try await store.postNotice(Notice.Content(title: title, text: "Le 3 décembre", link: "/espace"), to: .account("agent.brest"), at: 1_000)
        }
        let notices = try await store.notices(account: owner.id, limit: 2).map(\.id)
        let activation = Secrets.token()
        _ = try await store.createPendingUser(login: "attente.matrice", name: "En attente", owner: .commune("29103"), role: .agent,
                                              activationHash: Secrets.digest(activation), expiresAt: Date().addingTimeInterval(3_600), actor: "test")
        return lines(token1: token1, token2: token2, demoBuilding: demoBuilding, helpRequest: helpRequest, ownSeries: ownSeries,
                     engineering: engineeringID, cohort: call.id, project: project.id,
                     notices: (notices[0], notices[1]), activation: activation)
    }

    @Test func everyRouteForEveryRole() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let lines = try await Self.seededLines(store)

            let store2 = try await Fixtures.store()
            let routes = try await Site(referential: try await store2.referential(), store: store2).routes
            #expect(Set(lines.map(\.route)) == Set(routes), "routes sans ligne dans la matrice : \(Set(routes).subtracting(lines.map(\.route)).sorted())")

            let logins: [Who: String] = [.foreignAgent: "agent.landerneau", .elu: "elu.brest", .operateur: "operateur", .ownerAgent: "agent.brest"]
            var clients: [Who: LiveServer.Client] = [.anonymous: server.client()]
            var csrf: [Who: String] = [:]
            for (who, login) in logins {
                let client = server.client()
                let reply = try await client.logIn(login, password: Fixtures.password)
                #expect(reply.url?.path == "/espace", "\(login)")
                csrf[who] = LiveServer.Client.field("csrf", in: reply.text)
                clients[who] = client
            }
            var leaks: [String] = []
            for line in lines {
                let method = String(line.route.prefix { $0 != " " })
                for who in Who.allCases {
                    let client = clients[who]!
                    let reply: LiveServer.Reply
                    var headers: [String: String] = [:]
                    if let token = csrf[who] { headers["X-CSRF-Token"] = token }
                    if var form = line.form, method == "POST" {
                        if let token = csrf[who], line.route != "POST /connexion" { form["csrf"] = token }
                        reply = try await client.post(line.path, form: form)
                    } else {
                        reply = try await client.send(method, line.path, headers: headers)
                    }
                    let finalPath = reply.url?.path ?? line.path
                    let requested = String(line.path.prefix { $0 != "?" })
                    let outcome = finalPath == requested ? "\(reply.status)" : "\(reply.status)@\(finalPath)"
                    if outcome != line.expected[who] {
                        leaks.append("\(line.route) [\(who)] : \(outcome), attendu \(line.expected[who] ?? "?")")
                    }
                }
            }
            #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
        }
    }
}
