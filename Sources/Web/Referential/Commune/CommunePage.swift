import Referential

/// The identity card of a commune.
struct CommunePage {
    static let template = "commune"
    struct Badge {
        let short: String
        let label: String
        let identifiers: String
        let isPVD: Bool
    }

    struct ORTView {
        let state: String
        let detail: String?
        let progress: String?
        let updatedOn: String?
    }

    struct Hours {
        let days: String
        let hours: String
    }

    struct TownHallView {
        let address: String?
        let phone: String?
        let phoneHref: String?
        let email: String?
        let website: String?
        let hours: [Hours]
    }

    struct EPCIView {
        let name: String
        let href: String
        let nature: String
    }

    struct SubRow {
        let kind: String
        let code: String
        let name: String
        let population: String?
    }

    let name: String
    let code: String
    let departement: Link?
    let region: Link?
    let epci: EPCIView?
    let population: String
    let populationTotale: String?
    let badges: [Badge]
    let ort: ORTView?
    let townHall: TownHallView?
    let map: String?
    let mapHref: String
    let neighbours: [CommuneRow]
    let subCommunes: [SubRow]
    let subCommunesTitle: String
    let apiHref: String

    static let sources = [DataSources.cog, DataSources.populations, DataSources.epci, DataSources.programmes,
                          DataSources.ort, DataSources.mairies, DataSources.contoursCommunes]

    init(_ commune: Commune, referential: Referential, townHall: TownHall?, map: String?) {
        name = commune.name
        code = commune.code
        departement = referential.departement(commune.departementCode).map {
            Link(label: Format.departement($0.name, $0.code), href: "/departements/\($0.code)")
        }
        region = referential.region(commune.regionCode).map { Link(label: $0.name, href: "/regions/\($0.code)") }
        epci = commune.epciSiren.flatMap(referential.epci).map { EPCIView(name: $0.name, href: "/epci/\($0.siren)", nature: $0.nature.label) }
        population = Format.integer(commune.population)
        populationTotale = commune.populationTotale.map(Format.integer)
        badges = commune.programmes.map {
            Badge(short: $0.programme.shortLabel, label: $0.programme.label,
                  identifiers: $0.identifiers.joined(separator: ", "), isPVD: $0.programme == .petitesVillesDeDemain)
        }
        ort = commune.ort.map { ort in
            let detail: String? = if let date = ort.signatureDate, ort.isSigned {
                "signée le \(Format.date(date))"
            } else if let planned = ort.plannedSignature {
                "signature envisagée : \(planned)"
            } else { nil }
            return ORTView(state: ort.state ?? "État non renseigné", detail: detail, progress: ort.progress,
                           updatedOn: ort.updatedOn.map(Format.date))
        }
        self.townHall = townHall.map { t in
            TownHallView(
                address: t.address, phone: t.phone,
                phoneHref: t.phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } },
                email: t.email, website: t.website,
                hours: t.openingHours.map { slot in
                    Hours(days: slot.fromDay == slot.toDay ? slot.fromDay : "du \(slot.fromDay) au \(slot.toDay)",
                          hours: slot.hours.isEmpty ? "horaires non précisés" : slot.hours.joined(separator: " et "))
                })
        }
        self.map = map
        mapHref = "/cartes/communes/\(commune.code)"
        neighbours = commune.neighbours.compactMap(referential.commune).map { CommuneRow($0, in: referential) }
        subCommunes = commune.subCommunes.map {
            SubRow(kind: $0.kind.label, code: $0.code, name: $0.name, population: $0.population.map(Format.integer))
        }
        subCommunesTitle = commune.subCommunes.contains { $0.kind == .arrondissement }
            ? "Arrondissements municipaux" : "Communes déléguées ou associées"
        apiHref = "/api/v1/communes/\(commune.code)"
    }

    /// The card as the server sends it (and as `territoires bench` times it): the town hall from the store, the map.
    static func html(_ commune: Commune, referential: Referential, store: any ReferentialStore, maps: Maps, views: Views) async throws -> String {
        let model = CommunePage(commune, referential: referential, townHall: try await store.townHall(of: commune.code),
                                map: try await maps.commune(commune))
        var crumbs = [Link.home]
        if let r = referential.region(commune.regionCode) { crumbs.append(Link(label: r.name, href: "/regions/\(r.code)")) }
        if let d = referential.departement(commune.departementCode) { crumbs.append(Link(label: d.name, href: "/departements/\(d.code)")) }
        return views.render(template, model, title: "\(commune.name) (\(commune.code))", breadcrumbs: crumbs, sources: sources)
    }
}
