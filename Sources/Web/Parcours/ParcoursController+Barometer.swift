import Accounts
import Foundation
import Hummingbird
import Parcours

/// The yearly barometer (`YearlyBarometer`): public page, long CSV, JSON and the A4 note de conjoncture, which
/// the operator introduces with an editorial and publishes; until then only the operator reads the note.
extension ParcoursController {
    func registerBarometer(on router: Router<AppRequestContext>) {
        router.get("/parcours/barometre/{annee}", use: barometerYear)
        router.get("/parcours/barometre/{annee}.csv", use: barometerYearCSV)
        router.get("/parcours/barometre/{annee}/note", use: barometerNote)
        router.get("/api/v1/parcours/barometre/{annee}", use: apiBarometerYear)
        router.group().add(middleware: Access(.operatorOnly, message: "Connectez-vous.")).post("/parcours/barometre/{annee}/note", use: saveBarometerNote)
    }

    var yearly: YearlyBarometer {
        YearlyBarometer(questionnaire: questionnaire, store: store, national: BarometerYearPage.national(referential)) { [referential] in
            BarometerYearPage.place($0, referential: referential)
        }
    }

    /// The year of the path (the CSV's without its extension); anything else is not a page.
    private func year(_ context: AppRequestContext) throws -> Int {
        guard let text = context.parameters.get("annee"), text.count == 4, let year = Int(text), (2000...2100).contains(year) else {
            throw WebError.notFound("Aucun baromètre à cette adresse : l'année s'écrit sur quatre chiffres, par exemple /parcours/barometre/2026.")
        }
        return year
    }

    private func report(_ context: AppRequestContext) async throws -> YearlyBarometer.Report {
        let year = try year(context)
        guard let report = try await yearly.report(year) else {
            throw WebError.notFound("Aucun diagnostic complet n'a été envoyé en \(year) : pas de baromètre pour cette année.")
        }
        return report
    }

    private var barometerBreadcrumbs: [Link] { breadcrumbs + [Link(label: "Baromètre", href: "/parcours/barometre")] }

    @Sendable func barometerYear(_ request: Request, context: AppRequestContext) async throws -> Response {
        let report = try await report(context)
        let note = try await store.barometerNote(year: report.year)
        let model = BarometerYearPage(report, years: try await store.submissionYears(), note: note,
                                      noteReadable: note?.published == true || context.user?.role == .operateur, csrf: nil)
        return views.page(BarometerYearPage.template, model,
                          title: "Baromètre \(report.year) de la maturité data", breadcrumbs: barometerBreadcrumbs, sources: [])
    }

    @Sendable func barometerYearCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let report = try await report(context)
        return .csv(BarometerYearPage.csv(report, referential: referential), filename: "barometre-\(report.year).csv")
    }

    /// The A4 note: published, for everyone; a draft, for the operator only (anyone else: 404), marked « brouillon ».
    @Sendable func barometerNote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let isOperator = context.user?.role == .operateur
        let year = try year(context)
        let note = try await store.barometerNote(year: year)
        guard note?.published == true || isOperator else {
            throw WebError.notFound("La note de conjoncture \(year) n'est pas encore publiée.")
        }
        let report = try await report(context)
        let model = BarometerYearPage(report, years: [], note: note, noteReadable: true, csrf: isOperator ? context.session?.csrfToken : nil)
        return views.page(BarometerYearPage.noteTemplate, model, title: "Note de conjoncture \(year) : la donnée dans les collectivités",
                          breadcrumbs: barometerBreadcrumbs, sources: [])
    }

    /// The operator writes the editorial and keeps the note a draft or publishes it.
    @Sendable func saveBarometerNote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedIn
        let year = try year(context)
        let editorial = (context.form["editorial"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard editorial.count <= 20_000 else { throw WebError.badRequest("L'éditorial dépasse 20 000 caractères.") }
        guard let action = context.form["action"], ["publier", "brouillon"].contains(action) else {
            throw WebError.badRequest("Action attendue : « publier » ou « brouillon ».")
        }
        _ = try await report(context)
        try await store.saveBarometerNote(BarometerNote(year: year, editorial: editorial, published: action == "publier"), actor: user.login)
        return .redirect(to: "/parcours/barometre/\(year)/note", type: .normal)
    }

    @Sendable func apiBarometerYear(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(BarometerYearDTO(try await report(context), referential: referential))
    }
}

