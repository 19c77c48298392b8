import Foundation
import Observatoire

/// A collectivité's own series in the API (`/api/v1/moi/donnees`).
struct OwnSeriesDTO: Encodable {
    struct Point: Encodable {
        let periode: String
        let zone: String
        let valeur: Double
    }

    let id: Int64
    let indicateur_catalogue: String?
    let libelle: String
    let definition: String
    let unite: String
    let source: String
    let publique: Bool
    let valeurs: [Point]
    let mis_a_jour_le: Date

    init(_ s: OwnSeries) {
        id = s.id
        indicateur_catalogue = s.catalogueKey
        libelle = s.label
        definition = s.definition
        unite = s.unit
        source = s.source
        publique = s.isPublic
        valeurs = s.points.map { Point(periode: $0.period.description, zone: $0.area, valeur: $0.value) }
        mis_a_jour_le = Date(timeIntervalSince1970: s.updatedAt)
    }
}

/// What a file gave through the API: its problems, located, and the collectivité's series once imported.
struct OwnImportDTO: Encodable {
    struct Problem: Encodable {
        let ligne: Int?, colonne: Int?, champ: String?, gravite: String, message: String, conseil: String
    }

    let valide: Bool
    let importe: Bool
    let erreurs: Int
    let valeurs_lues: Int
    let problemes: [Problem]
    let indicateurs: [OwnSeriesDTO]

    init(_ outcome: OwnDataImport.Outcome, imported: Bool, saved: [OwnSeries]) {
        valide = outcome.isValid
        importe = imported
        erreurs = outcome.errors
        valeurs_lues = outcome.values
        problemes = outcome.issues.map {
            Problem(ligne: $0.line, colonne: $0.column, champ: $0.field, gravite: $0.severity == .error ? "erreur" : "avertissement",
                    message: $0.message, conseil: $0.hint)
        }
        indicateurs = saved.map(OwnSeriesDTO.init)
    }
}
