import Accounts
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import Referential
import Tabular

/// Who is looking, as far as the layout around every page depends on it: the operator's main menu links its
/// pages, and a signed-in person's header says how many notifications they have not read. `AuthMiddleware` sets
/// it for the time of a request and `Views.render` reads it, so that no handler has to pass it along; a page
/// rendered once and kept for everyone (`PageCache`) keys its cache by its `description`.
struct Audience: Sendable, Equatable, CustomStringConvertible {
    let isOperator: Bool
    /// The signed-in person's unread notifications; nil for a visitor.
    let unreadNotices: Int?

    static let visitor = Audience(isOperator: false, unreadNotices: nil)

    @TaskLocal static var current = Audience.visitor

    init(isOperator: Bool, unreadNotices: Int?) {
        self.isOperator = isOperator
        self.unreadNotices = unreadNotices
    }

    init(_ user: User?, unreadNotices: Int?) {
        self.init(isOperator: user?.role == .operateur, unreadNotices: user == nil ? nil : unreadNotices)
    }

    var description: String { (isOperator ? "operateur" : "tous") + (unreadNotices.map { "|\($0)" } ?? "") }

    /// The header's link to the notifications, in words (not a badge's colour alone): « 1 notification non lue ».
    var noticeLink: NoticeLink? {
        unreadNotices.map { n in
            NoticeLink(label: n == 0 ? "Notifications" : n == 1 ? "1 notification non lue" : "\(n) notifications non lues", unread: n > 0)
        }
    }

    struct NoticeLink {
        let label: String
        let unread: Bool
    }
}

/// The HTML templates (`Templates/*.mustache`, escaped by default) and the page layout around them.
struct Views: Sendable {
    private let library: MustacheLibrary

    static func load() async throws -> Views {
        // Every template starts with `{{% CONTENT_TYPE: HTML5}}` to use this escaper.
        MustacheContentTypes.register(FastHTMLEscaping(), named: "HTML5")
        let directory = Bundle.module.resourceURL!.appendingPathComponent("Templates").path
        return Views(library: try await MustacheLibrary(directory: directory))
    }

    private struct Layout: MustacheParent {
        let title: String
        let body: String
        let breadcrumbs: [Link]
        let hasBreadcrumbs: Bool
        let sources: [DataSource]
        let hasSources: Bool
        let isOperator: Bool
        let notices: Audience.NoticeLink?

        func child(named name: String) -> Any? {
            switch name {
            case "title": title
            case "isOperator": isOperator
            case "notices": notices
            case "body": body
            case "breadcrumbs": breadcrumbs
            case "hasBreadcrumbs": hasBreadcrumbs
            case "sources": sources
            case "hasSources": hasSources
            default: nil
            }
        }
    }

    /// Renders `template` with `model`, inside the layout; `sources` are named in the page footer.
    func render(_ template: String, _ model: Any, title: String, breadcrumbs: [Link] = [], sources: [DataSource]) -> String {
        guard let body = library.render(model, withTemplate: template) else {
            preconditionFailure("template \(template) is missing from the bundle")
        }
        let layout = Layout(title: title, body: body, breadcrumbs: breadcrumbs, hasBreadcrumbs: !breadcrumbs.isEmpty,
                            sources: sources, hasSources: !sources.isEmpty, isOperator: Audience.current.isOperator,
                            notices: Audience.current.noticeLink)
        return library.render(layout, withTemplate: "layout")!
    }

    func page(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok, title: String,
              breadcrumbs: [Link] = [], sources: [DataSource]) -> Response {
        Response.html(render(template, model, title: title, breadcrumbs: breadcrumbs, sources: sources), status: status)
    }
}

extension Response {
    /// Headers every response carries: no inline script or style is ever needed, so the policy forbids them.
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'self'; form-action 'self'"),
        (.xContentTypeOptions, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "same-origin"),
    ]

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        body(text, contentType: "text/html; charset=utf-8", status: status)
    }

    /// `embeddable`: a chart or map meant for other sites (`<img>`, `<iframe>`): any origin may frame or
    /// fetch it, and its own `<style>` applies.
    static func body(_ text: String, contentType: String, status: HTTPResponse.Status = .ok, embeddable: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        if embeddable {
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'"
            headers[.xContentTypeOptions] = "nosniff"
            headers[.accessControlAllowOrigin] = "*"
        } else {
            for (name, value) in securityHeaders { headers[name] = value }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try APIJSON.encode(value)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .accessControlAllowOrigin: "*"]
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The same HTML escaping as swift-mustache's default (& < > " '), over UTF-8 bytes: the default looks every
/// character up in a dictionary, which was a quarter of the time of rendering a dashboard.
struct FastHTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { XML.escape(text) }
}

/// The API's naming convention, decided here once for what it writes and what it reads (docs/ARCHITECTURE.md,
/// « API conventions »): field names are the domain's French words in snake_case, whatever the Swift property is
/// called (`townHall` is written `mairie`, `reponses` fills `answers`); dates in ISO 8601 UTC. A name this table
/// does not give is written as the property is named, which must then already be French snake_case (`surface_m2`):
/// `APIConformanceTests` checks every answer against the OpenAPI document, whose field names are all snake_case.
/// The keys of a dictionary are data (a file's headers, question ids) and stay as they are.
enum APIJSON {
    /// Swift property name → field name on the wire.
    static let fieldNames: [String: String] = [
        // Referential
        "name": "nom", "departementName": "nom_departement", "matched": "sous_commune_trouvee", "query": "requete", "count": "nombre",
        "results": "resultats", "perPage": "per_page" /* as the query parameter it echoes */, "vintage": "millesime", "label": "libelle",
        "identifiers": "identifiants", "kind": "type", "natureLabel": "libelle_nature", "taxRegime": "regime_fiscal", "townHall": "mairie", "neighbours": "voisines",
        "subCommunes": "sous_communes", "map": "carte", "members": "membres", "chefLieu": "chef_lieu", "communeCount": "nombre_communes",
        "pvdCount": "nombre_pvd", "state": "etat", "signatureDate": "date_signature", "plannedSignature": "signature_prevue",
        "progress": "avancement", "updatedOn": "mise_a_jour", "address": "adresse", "phone": "telephone", "email": "courriel",
        "website": "site_web", "openingHours": "horaires", "fromDay": "du", "toDay": "au", "hours": "heures",
        // Observatoire
        "unit": "unite", "additive": "additif", "value": "valeur", "status": "statut", "indicator": "indicateur", "indicators": "indicateurs",
        "pvdMedian": "mediane_pvd", "level": "niveau", "comparisons": "comparaisons", "percentilePVD": "centile_pvd",
        "percentileAll": "centile_communes", "alike": "semblables", "unlike": "difference", "peersPVD": "pairs_pvd", "peersAll": "pairs_communes",
        "coverage": "couverture", "used": "communes_prises_en_compte", "sizeClass": "classe_taille", "peerCount": "epci_avec_valeur",
        "peerMedian": "mediane", "percentile": "centile", "median": "mediane", "bins": "classes", "lower": "borne_basse",
        "upper": "borne_haute", "withoutValue": "sans_valeur",
        // Parcours
        "priorities": "priorites", "weight": "poids", "text": "texte", "choices": "choix", "barometer": "barometre",
        "allowsNotApplicable": "non_concerne_possible", "reasons": "raisons", "complete": "complet", "missing": "manquantes",
        "recommendations": "recommandations", "brick": "brique", "title": "titre", "because": "motif", "dontKnow": "ne_sait_pas",
        "unanswered": "sans_reponse", "useCases": "cas_usage_suggeres", "useCase": "cas_usage", "goal": "objectif", "data": "donnees",
        "schema": "standard", "difficulty": "difficulte", "benefits": "benefices", "examples": "exemples", "platform": "plateforme",
        "rule": "regle", "login": "identifiant", "createdAt": "cree_le", "answer": "reponse", "updatedAt": "modifie_le",
        "answers": "reponses", "territory": "territoire", "recommendation": "recommandation",
        // Validation
        "valid": "valide", "rows": "lignes", "encoding": "encodage", "separator": "separateur", "issues": "erreurs", "line": "ligne",
        "column": "colonne", "field": "champ", "hint": "conseil", "notChecked": "non_controles", "recorded": "enregistre", "resembles": "ressemble_a",
        "severity": "gravite", "validataTitle": "titre_validata", "warnings": "avertissements",
        "file": "fichier", "errors": "erreurs", "conforms": "conforme", "checkedAt": "controle_le",
        // Accounts
        "owner": "collectivite", "lastUsedAt": "utilise_le",
    ]

    /// Field name → property name, for request bodies. Two properties share `erreurs` (a report's issues, a check's
    /// count): no body has either, and the choice is the same at every start.
    private static let propertyNames = Dictionary(fieldNames.map { ($0.value, $0.key) }, uniquingKeysWith: { a, b in min(a, b) })

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .custom { path in
            let name = path.last!.stringValue
            return Key(stringValue: fieldNames[name] ?? name)
        }
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let name = path.last!.stringValue
            return Key(stringValue: propertyNames[name] ?? name)
        }
        return try decoder.decode(type, from: Data(buffer: body))
    }

    /// A request's JSON body read as `type`, or a 400 that shows the expected body.
    static func body<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext, example: String) async throws -> T {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let input = try? decode(type, from: body) else { throw WebError.badRequest("Corps JSON attendu : \(example).") }
        return input
    }
}
